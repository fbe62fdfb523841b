from tensorflow import keras
from tensorflow.keras import layers

autoencoder = keras.Sequential(
    [
        layers.Input(shape=(28, 28, 1)),
        # Encoder
        layers.Conv2D(16, (3, 3), activation="relu", padding="same", strides=2),
        layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2),
        # Decoder
        layers.Conv2DTranspose(8, kernel_size=3, strides=2, activation="relu", padding="same"),
        layers.Conv2DTranspose(16, kernel_size=3, strides=2, activation="relu", padding="same"),
        layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same"),
    ],
    name="autoencoder",
)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.summary()
