// ImGui's font atlas with glyphs the browser draws: fillText on a Canvas 2D, in the FontFaces
// index.html made from the app's TTF subsets, read back into the atlas texture. It takes the
// place of stb_truetype (24 KB of wasm; this is 8) and mirrors ImGui's stb_truetype builder
// step by step (imgui_draw.cpp, ImFontAtlasBuildWithStbTruetype), so every glyph box, offset
// and advance is the one stb_truetype computed: only the rasterizer differs.
#include "web/glyphs.h"

#include <emscripten.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"
#include "misc/freetype/imgui_freetype.h"

// The atlas' rectangle packer, as ImGui's own builders include it (static: imgui_draw.cpp's copy
// is then unused and dropped by the linker).
#define STBRP_STATIC
#define STBRP_ASSERT(x) IM_ASSERT(x)
#define STBRP_SORT ImQsort
#define STB_RECT_PACK_IMPLEMENTATION
#include "imstb_rectpack.h"

// clang-format off
// Draws glyphs in white on a transparent canvas as wide as the atlas and as tall as its glyphs,
// each at its pen position (x, y: the baseline's left end, in atlas pixels), scaled by the
// oversampling.
EM_JS(void, js_draw_glyphs, (int width, int height, const char* family, float em_px, int over_x, int over_y,
                             const int* glyphs, int count), {
  var canvas = Module["glyphCanvas"];
  if (!canvas) {
    canvas = Module["glyphCanvas"] = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
  }
  var ctx = canvas.getContext("2d", {"willReadFrequently": true});
  ctx.font = em_px + "px " + UTF8ToString(family);
  ctx.fillStyle = "#fff";
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  for (var i = 0, at = glyphs >> 2; i < count; ++i, at += 3) {
    ctx.setTransform(over_x, 0, 0, over_y, HEAP32[at], HEAP32[at + 1]);
    ctx.fillText(String.fromCodePoint(HEAP32[at + 2]), 0, 0);
  }
});

// The canvas' pixels (RGBA, width × height × 4 bytes). Only here does the browser rasterize
// what js_draw_glyphs drew; the canvas is then let go.
EM_JS(void, js_read_glyphs, (unsigned char* rgba, int width, int height), {
  var canvas = Module["glyphCanvas"];
  delete Module["glyphCanvas"];
  if (!canvas) return;
  HEAPU8.set(canvas.getContext("2d").getImageData(0, 0, width, height).data, rgba);
});
// clang-format on

namespace {

// The few tables of a TrueType font that place its glyphs, read as stb_truetype reads them.
// Reads past the end give 0, so damaged bytes give missing glyphs, not a crash.
struct Font {
  using Offset = long long;
  const unsigned char* data = nullptr;
  Offset size = 0, cmap = 0, hmtx = 0, loca = 0, glyf = 0;
  int units_per_em = 0, ascent = 0, descent = 0, long_metrics = 0, long_loca = 0;

  unsigned u16(Offset at) const { return at >= 0 && at + 2 <= size ? unsigned(data[at]) << 8 | data[at + 1] : 0; }
  int s16(Offset at) const { return int16_t(u16(at)); }
  Offset u32(Offset at) const { return Offset(u16(at)) << 16 | u16(at + 2); }
  Offset table(const char* tag) const {
    for (Offset i = 0, n = u16(4); i < n; ++i)
      if (12 + 16 * i + 16 <= size && std::memcmp(data + 12 + 16 * i, tag, 4) == 0) return u32(12 + 16 * i + 8);
    return 0;
  }

  bool open(const void* bytes, int bytes_size) {
    data = static_cast<const unsigned char*>(bytes);
    size = bytes ? bytes_size : 0;
    Offset head = table("head"), hhea = table("hhea"), map = table("cmap");
    hmtx = table("hmtx");
    loca = table("loca");
    glyf = table("glyf");
    if (!head || !hhea || !map || !hmtx) return false;
    units_per_em = u16(head + 18);
    long_loca = s16(head + 50);
    ascent = s16(hhea + 4);
    descent = s16(hhea + 6);
    long_metrics = u16(hhea + 34);
    // The Unicode subtable stb_truetype picks: the last of Unicode or Microsoft BMP / full.
    for (Offset i = 0, n = u16(map + 2); i < n; ++i) {
      Offset record = map + 4 + 8 * i;
      unsigned platform = u16(record), encoding = u16(record + 2);
      if (platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))) cmap = map + u32(record + 4);
    }
    return cmap && units_per_em > 0 && ascent != descent && long_metrics > 0;
  }

  int glyph(unsigned c) const {
    if (u16(cmap) == 4) {
      Offset segments = u16(cmap + 6) / 2;
      for (Offset i = 0; i < segments; ++i) {
        Offset end = cmap + 14 + 2 * i, start = end + 2 * segments + 2, delta = start + 2 * segments,
               range = delta + 2 * segments;
        if (u16(end) < c) continue;
        if (u16(start) > c) return 0;
        unsigned g = u16(range) ? u16(range + u16(range) + 2 * (c - u16(start))) : c;
        return g ? (g + u16(delta)) & 0xFFFF : 0;
      }
    } else if (u16(cmap) == 12) {
      for (Offset i = 0, n = u32(cmap + 12); i < n; ++i) {
        Offset group = cmap + 16 + 12 * i;
        if (c >= u32(group) && c <= u32(group + 4)) return int(u32(group + 8) + c - u32(group));
      }
    }
    return 0;
  }

  int advance(int g) const { return u16(hmtx + 4 * (g < long_metrics ? g : long_metrics - 1)); }

  // The outline's box in font units, y up; false for a glyph without outline (a space).
  bool box(int g, int* x0, int* y0, int* x1, int* y1) const {
    Offset at = long_loca ? u32(loca + 4 * g) : 2 * Offset(u16(loca + 2 * g));
    Offset next = long_loca ? u32(loca + 4 * g + 4) : 2 * Offset(u16(loca + 2 * g + 2));
    if (!loca || !glyf || next <= at) return false;
    *x0 = s16(glyf + at + 2);
    *y0 = s16(glyf + at + 4);
    *x1 = s16(glyf + at + 6);
    *y1 = s16(glyf + at + 8);
    return true;
  }

  // stb_truetype's scale: a font "size" is the height from descent to ascent, in pixels.
  float scale_for_height(float pixels) const { return pixels / float(ascent - descent); }
};

struct Glyph {
  int codepoint = 0;
  float advance = 0;   // pixels at the rasterised size
  int x0 = 0, y0 = 0;  // the bitmap's top left from the pen, in oversampled pixels, y down
  int w = 0, h = 0;    // the bitmap's size, the oversampling filter's columns and rows included
};

struct Source {
  Font font;
  float scale = 0;         // font units to rasterised pixels
  int first = 0, end = 0;  // its glyphs in the list of all glyphs
};

// stb_truetype's oversampling prefilter: a box filter `width` texels wide along one row or
// column of `n` texels `step` apart, so the oversampled bitmap samples well at any subpixel
// position. The quad is then shifted back by the phase the filter adds (oversample_shift).
void box_filter(unsigned char* p, int n, int step, int width) {
  unsigned char before[8] = {};  // stb_truetype's largest oversampling, 8
  width = ImClamp(width, 1, 8);
  unsigned total = 0;
  for (int i = 0; i < n; ++i, p += step) {
    total += *p - before[i % width];
    before[i % width] = *p;
    *p = static_cast<unsigned char>(total / width);
  }
}

float oversample_shift(int oversample) { return -float(oversample - 1) / (2.0f * float(oversample)); }

bool build(ImFontAtlas* atlas) {
  ImFontAtlasBuildInit(atlas);
  atlas->TexID = (ImTextureID) nullptr;
  atlas->TexWidth = atlas->TexHeight = 0;
  atlas->TexUvScale = ImVec2(0.0f, 0.0f);
  atlas->TexUvWhitePixel = ImVec2(0.0f, 0.0f);
  atlas->ClearTexData();

  // The rectangles to pack: first the atlas' own (mouse cursors, white pixel, lines), then one
  // per glyph (0 × 0 for a glyph without outline).
  ImVector<ImFontAtlasCustomRect>& custom = atlas->CustomRects;
  ImVector<stbrp_rect> rects;
  rects.resize(custom.Size);
  for (int i = 0; i < custom.Size; ++i) {
    rects[i] = {};
    rects[i].w = custom[i].Width;
    rects[i].h = custom[i].Height;
  }
  const int first_glyph_rect = custom.Size;

  // 1-4. Each source font's glyphs: those of its ranges the font has that no earlier source gave
  // the same destination font (merged fonts), with the size of their bitmaps.
  const int padding = atlas->TexGlyphPadding;
  const int codepoints = IM_UNICODE_CODEPOINT_MAX + 1;
  ImVector<Source> sources;
  sources.resize(atlas->ConfigData.Size, Source());
  ImVector<Glyph> glyphs;
  ImBitVector taken;  // codepoint c of destination font f: bit f * codepoints + c
  taken.Create(atlas->Fonts.Size * codepoints);
  int total_surface = 0;
  for (int i = 0; i < atlas->ConfigData.Size; ++i) {
    ImFontConfig& cfg = atlas->ConfigData[i];
    Source& src = sources[i];
    src.first = src.end = glyphs.Size;
    int dst = atlas->Fonts.find_index(cfg.DstFont);
    if (dst < 0 || !src.font.open(cfg.FontData, cfg.FontDataSize)) continue;
    src.scale = src.font.scale_for_height(cfg.SizePixels * cfg.RasterizerDensity);
    const float sx = src.scale * float(cfg.OversampleH), sy = src.scale * float(cfg.OversampleV);
    const ImWchar* ranges = cfg.GlyphRanges ? cfg.GlyphRanges : atlas->GetGlyphRangesDefault();
    for (const ImWchar* range = ranges; range[0] && range[1]; range += 2) {
      for (int c = range[0]; c <= range[1]; ++c) {
        int g = taken.TestBit(dst * codepoints + c) ? 0 : src.font.glyph(unsigned(c));
        if (!g) continue;
        taken.SetBit(dst * codepoints + c);
        Glyph glyph;
        glyph.codepoint = c;
        glyph.advance = float(src.font.advance(g)) * src.scale;
        stbrp_rect rect = {};
        int x0, y0, x1, y1;
        if (src.font.box(g, &x0, &y0, &x1, &y1)) {
          // stb_truetype's bitmap box, one pixel larger on every side for the browser's
          // antialiasing and hinting, plus the filter's oversample - 1 columns (rows).
          glyph.x0 = int(std::floor(float(x0) * sx)) - 1;
          glyph.y0 = int(std::floor(float(-y1) * sy)) - 1;
          glyph.w = int(std::ceil(float(x1) * sx)) + 1 - glyph.x0 + cfg.OversampleH - 1;
          glyph.h = int(std::ceil(float(-y0) * sy)) + 1 - glyph.y0 + cfg.OversampleV - 1;
          rect.w = static_cast<stbrp_coord>(glyph.w + padding);
          rect.h = static_cast<stbrp_coord>(glyph.h + padding);
          total_surface += rect.w * rect.h;
        }
        glyphs.push_back(glyph);
        rects.push_back(rect);
      }
    }
    src.end = glyphs.Size;
  }

  // 5-6. Pack the atlas' own rectangles first, at the top left, then the glyphs, in a texture
  // as wide as stb_truetype's builder makes it.
  const int surface_sqrt = int(ImSqrt(float(total_surface))) + 1;
  atlas->TexHeight = 0;
  if (atlas->TexDesiredWidth > 0)
    atlas->TexWidth = atlas->TexDesiredWidth;
  else
    atlas->TexWidth = surface_sqrt >= 4096 * 0.7f   ? 4096
                      : surface_sqrt >= 2048 * 0.7f ? 2048
                      : surface_sqrt >= 1024 * 0.7f ? 1024
                                                    : 512;
  ImVector<stbrp_node> nodes;
  nodes.resize(atlas->TexWidth - padding);
  stbrp_context packer;
  stbrp_init_target(&packer, atlas->TexWidth - padding, 1024 * 32 - padding, nodes.Data, nodes.Size);
  stbrp_pack_rects(&packer, rects.Data, first_glyph_rect);
  stbrp_pack_rects(&packer, rects.Data + first_glyph_rect, rects.Size - first_glyph_rect);
  for (int i = 0; i < rects.Size; ++i) {
    if (!rects[i].was_packed) continue;
    if (i < first_glyph_rect) {
      custom[i].X = static_cast<unsigned short>(rects[i].x);
      custom[i].Y = static_cast<unsigned short>(rects[i].y);
    }
    atlas->TexHeight = ImMax(atlas->TexHeight, rects[i].y + rects[i].h);
  }

  // 7. The texture.
  const int used_height = atlas->TexHeight;
  atlas->TexHeight = (atlas->Flags & ImFontAtlasFlags_NoPowerOfTwoHeight) ? atlas->TexHeight + 1
                                                                         : ImUpperPowerOfTwo(atlas->TexHeight);
  atlas->TexUvScale = ImVec2(1.0f / float(atlas->TexWidth), 1.0f / float(atlas->TexHeight));
  // RGBA, as the canvas gives it and the renderer takes it: white, the glyphs in alpha.
  const int stride = atlas->TexWidth * 4;
  const size_t used = size_t(atlas->TexWidth) * size_t(used_height);
  const size_t texels = size_t(atlas->TexWidth) * size_t(atlas->TexHeight);
  atlas->TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(texels * 4));
  std::memset(atlas->TexPixelsRGBA32, 0, used * 4);
  for (size_t i = used; i < texels; ++i) atlas->TexPixelsRGBA32[i] = IM_COL32(255, 255, 255, 0);

  // 8. The browser draws every glyph into its rectangle, the pen placed so that the bitmap box
  // starts at the rectangle's corner (past the padding).
  ImVector<int> pens;  // x, y, codepoint
  for (int i = 0; i < sources.Size; ++i) {
    const ImFontConfig& cfg = atlas->ConfigData[i];
    const Source& src = sources[i];
    pens.resize(0);
    for (int k = src.first; k < src.end; ++k) {
      const stbrp_rect& r = rects[first_glyph_rect + k];
      if (!r.was_packed || r.w == 0) continue;
      pens.push_back(r.x + padding - glyphs[k].x0);
      pens.push_back(r.y + padding - glyphs[k].y0);
      pens.push_back(glyphs[k].codepoint);
    }
    if (pens.Size > 0)
      js_draw_glyphs(atlas->TexWidth, used_height, cfg.Name, src.scale * float(src.font.units_per_em),
                     cfg.OversampleH, cfg.OversampleV, pens.Data, pens.Size / 3);
  }
  // The canvas' pixels into the atlas. Where it is transparent it gives black: made white, so
  // that the texture filtering at a glyph's edge blends towards white, not grey.
  js_read_glyphs(reinterpret_cast<unsigned char*>(atlas->TexPixelsRGBA32), atlas->TexWidth, used_height);
  for (size_t i = 0; i < used; ++i) atlas->TexPixelsRGBA32[i] |= IM_COL32(255, 255, 255, 0);

  // 9. The oversampling filter and the multiply on each bitmap, as in stb_truetype's builder;
  // the fonts and their glyphs, in pixels at the font's size (RasterizerDensity divided out).
  for (int i = 0; i < sources.Size; ++i) {
    ImFontConfig& cfg = atlas->ConfigData[i];
    const Source& src = sources[i];
    ImFont* dst_font = cfg.DstFont;
    float ascent = 0, descent = 0;
    if (src.scale > 0) {
      const float font_scale = src.font.scale_for_height(cfg.SizePixels);
      ascent = ImTrunc(float(src.font.ascent) * font_scale + (src.font.ascent > 0 ? 1.0f : -1.0f));
      descent = ImTrunc(float(src.font.descent) * font_scale + (src.font.descent > 0 ? 1.0f : -1.0f));
    }
    ImFontAtlasBuildSetupFont(atlas, dst_font, &cfg, ascent, descent);
    const float off_x = cfg.GlyphOffset.x;
    const float off_y = cfg.GlyphOffset.y + IM_ROUND(dst_font->Ascent);
    const float inv_density = 1.0f / cfg.RasterizerDensity;
    const float shift_x = oversample_shift(cfg.OversampleH), shift_y = oversample_shift(cfg.OversampleV);
    unsigned char multiply[256];
    if (cfg.RasterizerMultiply != 1.0f) ImFontAtlasBuildMultiplyCalcLookupTable(multiply, cfg.RasterizerMultiply);
    for (int k = src.first; k < src.end; ++k) {
      const Glyph& glyph = glyphs[k];
      const stbrp_rect& r = rects[first_glyph_rect + k];
      float x0 = 0, y0 = 0, x1 = 0, y1 = 0, u0 = 0, v0 = 0, u1 = 0, v1 = 0;
      if (r.was_packed && r.w > 0) {
        const int tx = r.x + padding, ty = r.y + padding;
        // The glyph's alpha bytes: 4 apart in a row, stride apart in a column.
        unsigned char* alpha =
            reinterpret_cast<unsigned char*>(atlas->TexPixelsRGBA32) + ty * stride + tx * 4 + IM_COL32_A_SHIFT / 8;
        if (cfg.OversampleH > 1)
          for (int y = 0; y < glyph.h; ++y) box_filter(alpha + y * stride, glyph.w, 4, cfg.OversampleH);
        if (cfg.OversampleV > 1)
          for (int x = 0; x < glyph.w; ++x) box_filter(alpha + x * 4, glyph.h, stride, cfg.OversampleV);
        if (cfg.RasterizerMultiply != 1.0f)
          for (int y = 0; y < glyph.h; ++y)
            for (int x = 0; x < glyph.w; ++x) alpha[y * stride + x * 4] = multiply[alpha[y * stride + x * 4]];
        x0 = (float(glyph.x0) / float(cfg.OversampleH) + shift_x) * inv_density + off_x;
        y0 = (float(glyph.y0) / float(cfg.OversampleV) + shift_y) * inv_density + off_y;
        x1 = (float(glyph.x0 + glyph.w) / float(cfg.OversampleH) + shift_x) * inv_density + off_x;
        y1 = (float(glyph.y0 + glyph.h) / float(cfg.OversampleV) + shift_y) * inv_density + off_y;
        u0 = float(tx) * atlas->TexUvScale.x;
        v0 = float(ty) * atlas->TexUvScale.y;
        u1 = float(tx + glyph.w) * atlas->TexUvScale.x;
        v1 = float(ty + glyph.h) * atlas->TexUvScale.y;
      }
      dst_font->AddGlyph(&cfg, static_cast<ImWchar>(glyph.codepoint), x0, y0, x1, y1, u0, v0, u1, v1,
                         glyph.advance * inv_density);
    }
  }

  ImFontAtlasBuildFinish(atlas);  // the mouse cursors, the white pixel, the lines; lookup tables
  return true;
}

const ImFontBuilderIO kBuilder = {build};

}  // namespace

namespace learnable::web {
const ImFontBuilderIO* browser_font_builder() { return &kBuilder; }
}  // namespace learnable::web

// ImFontAtlas::Build() in ImGui 1.90.1 falls back to stb_truetype's builder unless
// IMGUI_ENABLE_FREETYPE is defined, in which case it asks for this function instead. The app
// defines it (CMakeLists.txt) only so that stb_truetype is neither compiled nor linked: no
// FreeType is involved, the builder is the browser's.
const ImFontBuilderIO* ImGuiFreeType::GetBuilderForFreeType() { return &kBuilder; }
