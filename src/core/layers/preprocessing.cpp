// Image preprocessing and augmentation layers that tutorials put at the top of a model:
// Rescaling, Resizing, CenterCrop, RandomCrop and the Random* augmentations. None learns
// anything; Resizing and the crops change rows×cols, the others keep the shape.
#include <cstdio>

#include "core/layer_context.h"
#include "core/text.h"

namespace learnable {

namespace {

// (rows, cols, channels): the layout every image preprocessing layer expects (channels_last).
void require_image(const LayerContext& ctx) { ctx.require_rank(3, "(batch, rows, cols, channels)"); }

std::string values_of(const Shape& shape) { return cat({"each of the ", shape_words(shape), " values"}); }

void keep_shape(LayerContext& ctx, const std::string& sentence) {
  ctx.set_output(ctx.input());
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), "."}));
  ctx.no_parameters(cat({sentence, ": no learnable parameters"}));
}

std::string short_number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

void compute_rescaling(LayerContext& ctx) {
  std::string scale = short_number(ctx.number("scale"));
  std::string offset = short_number(ctx.number("offset"));
  keep_shape(ctx, cat({"Rescaling only computes x*", scale, " + ", offset, " for ", values_of(ctx.input())}));
}

// Resizing, CenterCrop and RandomCrop: the image becomes height×width, channels unchanged.
void resize_to(LayerContext& ctx, const char* what) {
  require_image(ctx);
  int64_t height = ctx.positive("height");
  int64_t width = ctx.positive("width");
  Shape out = {height, width, ctx.input()[2]};
  ctx.set_output(out);
  ctx.explain(cat({"Inputs: the previous layer gives ", shape_words(ctx.input()), "."}));
  ctx.explain(cat({"Output: every image becomes ", shape_words(out), "; the channels stay as they are."}));
  ctx.no_parameters(cat({ctx.type().name, " only ", what, " ", shape_words(ctx.input()), " to ", shape_words(out),
                         ": no learnable parameters"}));
}

void compute_resizing(LayerContext& ctx) {
  ctx.choice("interpolation");
  ctx.flag("crop_to_aspect_ratio");
  resize_to(ctx, "resizes");
}

void compute_center_crop(LayerContext& ctx) { resize_to(ctx, "crops the centre of"); }

void compute_random_crop(LayerContext& ctx) { resize_to(ctx, "crops a random window (the centre at inference) of"); }

void compute_random_flip(LayerContext& ctx) {
  require_image(ctx);
  std::string mode = ctx.choice("mode");
  keep_shape(ctx, cat({"RandomFlip only flips the images (", mode, ") at random while training"}));
}

void augmentation(LayerContext& ctx, const char* what) {
  require_image(ctx);
  keep_shape(ctx, cat({ctx.type().name, " only ", what, " the images at random while training"}));
}

void compute_random_rotation(LayerContext& ctx) { augmentation(ctx, "rotates"); }
void compute_random_zoom(LayerContext& ctx) { augmentation(ctx, "zooms"); }
void compute_random_translation(LayerContext& ctx) { augmentation(ctx, "shifts"); }
void compute_random_contrast(LayerContext& ctx) { augmentation(ctx, "changes the contrast of"); }
void compute_random_brightness(LayerContext& ctx) { augmentation(ctx, "changes the brightness of"); }

constexpr ArgRow kSeed = arg_any("seed");
constexpr ArgRow kFill[] = {arg_any("fill_mode", "'reflect'"), arg_any("interpolation", "'bilinear'"), kSeed,
                            arg_any("fill_value", "0.0")};
constexpr ArgRow kRescalingArgs[] = {required(arg_float("scale", nullptr)), arg_float("offset", "0.0")};
constexpr ArgRow kResizingArgs[] = {arg_required_int("height"), arg_required_int("width"),
                                    arg_choice("interpolation", "bilinear|nearest|bicubic|area|lanczos3|lanczos5|gaussian|mitchellcubic",
                                               "'bilinear'", false),
                                    arg_bool("crop_to_aspect_ratio", false, false)};
constexpr ArgRow kCenterCropArgs[] = {arg_required_int("height"), arg_required_int("width")};
constexpr ArgRow kRandomCropArgs[] = {arg_required_int("height"), arg_required_int("width"), kSeed};
constexpr ArgRow kRandomFlipArgs[] = {arg_choice("mode", "horizontal_and_vertical|horizontal|vertical",
                                                 "'horizontal_and_vertical'", false),
                                      kSeed};
constexpr ArgRow kRotationArgs[] = {required(arg_any("factor"))};
constexpr ArgRow kZoomArgs[] = {required(arg_any("height_factor")), arg_any("width_factor")};
constexpr ArgRow kTranslationArgs[] = {required(arg_any("height_factor")), required(arg_any("width_factor"))};
constexpr ArgRow kFactorSeedArgs[] = {required(arg_any("factor")), kSeed};
constexpr ArgRow kBrightnessArgs[] = {required(arg_any("factor")), arg_any("value_range", "(0, 255)"), kSeed};

constexpr TypeRow kPreprocessingTypes[] = {
    {"Rescaling", "multiplies the inputs by scale and adds offset", lazy_rule(compute_rescaling), args(kRescalingArgs),
     "Rescaling(1./255)", "(180, 180, 3)", kAllPositional},
    {"Resizing", "resizes images to height×width", lazy_rule(compute_resizing), args(kResizingArgs), "Resizing(224, 224)",
     "(180, 180, 3)", kAllPositional},
    {"CenterCrop", "crops the centre of images to height×width", lazy_rule(compute_center_crop), args(kCenterCropArgs),
     "CenterCrop(160, 160)", "(180, 180, 3)", kAllPositional},
    {"RandomCrop", "crops a random height×width window while training", lazy_rule(compute_random_crop),
     args(kRandomCropArgs), "RandomCrop(160, 160)", "(180, 180, 3)", kAllPositional},
    {"RandomFlip", "flips images at random while training", lazy_rule(compute_random_flip), args(kRandomFlipArgs),
     "RandomFlip(\"horizontal\")", "(180, 180, 3)", kAllPositional},
    {"RandomRotation", "rotates images at random while training", lazy_rule(compute_random_rotation),
     args(kRotationArgs, kFill), "RandomRotation(0.1)", "(180, 180, 3)", kAllPositional},
    {"RandomZoom", "zooms images at random while training", lazy_rule(compute_random_zoom), args(kZoomArgs, kFill),
     "RandomZoom(0.1)", "(180, 180, 3)", kAllPositional},
    {"RandomTranslation", "shifts images at random while training", lazy_rule(compute_random_translation),
     args(kTranslationArgs, kFill), "RandomTranslation(0.1, 0.1)", "(180, 180, 3)", kAllPositional},
    {"RandomContrast", "changes image contrast at random while training", lazy_rule(compute_random_contrast),
     args(kFactorSeedArgs), "RandomContrast(0.2)", "(180, 180, 3)", kAllPositional},
    {"RandomBrightness", "changes image brightness at random while training", lazy_rule(compute_random_brightness),
     args(kBrightnessArgs), "RandomBrightness(0.2)", "(180, 180, 3)", kAllPositional},
};

}  // namespace

void register_preprocessing_layers(std::vector<LayerType>& out) {
  add_layer_types(out, "Preprocessing", kPreprocessingTypes);
}

}  // namespace learnable
