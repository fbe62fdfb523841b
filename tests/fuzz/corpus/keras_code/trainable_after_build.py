from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(20), layers.Dense(5), layers.Dense(3)])
for layer in model.layers[:-1]:
    layer.trainable = False
model.get_layer("dense_2").trainable = False
model.layers[-1].trainable = True
for layer in model.layers:
    if layer.name.startswith("dense_1"):
        layer.trainable = True
model.get_layer("nope").trainable = False
