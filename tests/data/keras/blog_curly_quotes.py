# Copied from a blog post: the quotes came out curly.
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28), name=“flatten”),
    tf.keras.layers.Dense(128, activation=‘relu’),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation=‘softmax’)
])
