from tensorflow.keras import layers as L
from tensorflow.keras.models import Sequential
N = 4 * 2
model = Sequential()
model.add(L.InputLayer(input_shape=(None, N)))
model.add(L.Bidirectional(L.LSTM(16, return_sequences=True), merge_mode='sum'))
model.add(L.TimeDistributed(L.Dense(N // 2, activation=tf.nn.relu)))
model.add(L.Conv1D(8, 3, padding="causal", kernel_regularizer=tf.keras.regularizers.l2(1e-4)))  # comment
model.add(L.GlobalMaxPooling1D())
model.add(L.Dense(1, \
    activation='sigmoid'))
model.build((None, 20, N))
