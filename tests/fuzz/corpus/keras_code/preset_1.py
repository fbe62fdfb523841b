model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)),
    layers.Conv2D(6, 5, activation="tanh", name="C1"),
    layers.AveragePooling2D(2, name="S2"),
    layers.Conv2D(16, 5, activation="tanh", name="C3"),
    layers.AveragePooling2D(2, name="S4"),
    layers.Conv2D(120, 5, activation="tanh", name="C5"),
    layers.Flatten(),
    layers.Dense(84, activation="tanh", name="F6"),
    layers.Dense(10, activation="softmax", name="Output"),
])
