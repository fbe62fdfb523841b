%tensorflow_version 2.x
!pip install -q tensorflow==2.15

import tensorflow as tf
from tensorflow import keras

IMG_HEIGHT, IMG_WIDTH = 180, 180
num_classes = 5

model = keras.Sequential([
  keras.layers.Conv2D(16, 3, padding='same', activation='relu',
                      input_shape=(IMG_HEIGHT, IMG_WIDTH, 3)),
  keras.layers.MaxPooling2D(),
  keras.layers.Conv2D(32, 3, padding='same', activation='relu'),
  keras.layers.MaxPooling2D(),
  keras.layers.Conv2D(64, 3, padding='same', activation='relu'),
  keras.layers.MaxPooling2D(),
  keras.layers.Flatten(),
  keras.layers.Dense(128, activation='relu'),
  keras.layers.Dense(num_classes)
])
model.summary()
