from tensorflow.keras import layers, regularizers, initializers
model = tf.keras.Sequential([
    layers.Input(shape=(N, 8)),
    layers.Conv1D(16, 3, activation=tf.nn.relu, kernel_regularizer=regularizers.l2(1e-4),
                  kernel_initializer=initializers.RandomNormal(0.0, 0.05), bias_constraint=MaxNorm(3)),
    layers.Bidirectional(layers.LSTM(4, recurrent_initializer='orthogonal')),
    layers.Dense(2, kernel_initializer=initializers.Constant(0.1), activation=LeakyReLU(alpha=0.2), dtype=tf.float16),
])
