import numpy as np
import keras
from keras import layers

max_features = 20000  # Only consider the top 20k words
maxlen = 200  # Only consider the first 200 words of each movie review

model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    # Embed each integer in a 128-dimensional vector
    layers.Embedding(max_features, 128),
    # Add 2 bidirectional LSTMs
    layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
    layers.Bidirectional(layers.LSTM(64)),
    # Add a classifier
    layers.Dense(1, activation="sigmoid"),
])
model.summary()
