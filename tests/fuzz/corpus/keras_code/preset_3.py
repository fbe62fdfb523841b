model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(10000, 64),
    layers.LSTM(64),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
