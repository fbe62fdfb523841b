// The app's font builder for ImGui's atlas: the browser draws the glyphs (Canvas 2D) from the
// same TTF bytes ImGui is given, which index.html registered as FontFaces before main() ran.
// It replaces stb_truetype: the browser has a rasterizer already, and app.wasm is 16 KB smaller.
#pragma once

struct ImFontBuilderIO;

namespace learnable::web {

// For ImFontAtlas::FontBuilderIO. Each ImFontConfig's Name is the CSS font family its FontData
// was registered under (new FontFace(Name, bytes)); sizes, glyph ranges, merging, oversampling,
// GlyphOffset and RasterizerMultiply mean what they mean with stb_truetype, and text is placed
// exactly as stb_truetype places it: ascent, descent, advances and glyph boxes are read from the
// font's own tables (hhea, head, hmtx, cmap, loca, glyf).
const ImFontBuilderIO* browser_font_builder();

}  // namespace learnable::web
