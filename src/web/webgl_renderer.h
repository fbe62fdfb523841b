// Draws ImGui's draw data with WebGL2. Used instead of ImGui's OpenGL3 backend, which saves and
// restores GL state every frame with glGetIntegerv: in a browser some of those queries
// (GL_SCISSOR_BOX, the blend functions) wait for the GPU process and cost tens of milliseconds
// a frame. The page owns its context, so there is no state to save.
#pragma once

struct ImDrawData;

namespace learnable::web {

bool renderer_init();
void renderer_upload_fonts();  // after the font atlas is (re)built
void renderer_draw(ImDrawData* data, int framebuffer_width, int framebuffer_height, const float clear_rgb[3]);

}  // namespace learnable::web
