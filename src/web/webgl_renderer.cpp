// ImGui's triangles through one WebGL2 program: a vertex array for ImDrawVert, the font atlas
// as the one texture, a scissor per draw command. No GL state is read back.
#include "web/webgl_renderer.h"

#include <GLES3/gl3.h>

#include <cstddef>
#include <cstdint>

#include "imgui.h"

namespace learnable::web {

namespace {

GLuint g_program = 0, g_vao = 0, g_vbo = 0, g_ibo = 0, g_font = 0;
GLint g_projection = -1;

const char* kVertexShader = R"(#version 300 es
precision highp float;
uniform mat4 projection;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 color;
out vec2 frag_uv;
out vec4 frag_color;
void main() {
  frag_uv = uv;
  frag_color = color;
  gl_Position = projection * vec4(position, 0.0, 1.0);
})";

const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_color;
layout (location = 0) out vec4 out_color;
void main() {
  out_color = frag_color * texture(atlas, frag_uv);
})";

GLuint compile(GLenum kind, const char* source) {
  GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  return shader;
}

}  // namespace

bool renderer_init() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "learnable_webgl2";
  GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
  GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  g_program = glCreateProgram();
  glAttachShader(g_program, vs);
  glAttachShader(g_program, fs);
  glLinkProgram(g_program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint linked = 0;
  glGetProgramiv(g_program, GL_LINK_STATUS, &linked);
  if (!linked) return false;
  g_projection = glGetUniformLocation(g_program, "projection");
  glUseProgram(g_program);
  glUniform1i(glGetUniformLocation(g_program, "atlas"), 0);

  glGenVertexArrays(1, &g_vao);
  glGenBuffers(1, &g_vbo);
  glGenBuffers(1, &g_ibo);
  glBindVertexArray(g_vao);
  glBindBuffer(GL_ARRAY_BUFFER, g_vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_ibo);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const GLsizei stride = sizeof(ImDrawVert);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));

  // The state ImGui needs, set once: the page draws nothing else.
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glActiveTexture(GL_TEXTURE0);
  return true;
}

void renderer_upload_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  if (!g_font) glGenTextures(1, &g_font);
  glBindTexture(GL_TEXTURE_2D, g_font);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(g_font)));
  io.Fonts->ClearTexData();  // the pixels live on the GPU now
}

void renderer_draw(ImDrawData* data, int fb_width, int fb_height, const float clear_rgb[3]) {
  glViewport(0, 0, fb_width, fb_height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!data || data->CmdListsCount == 0 || fb_width <= 0 || fb_height <= 0) return;
  glEnable(GL_SCISSOR_TEST);

  const float l = data->DisplayPos.x, r = data->DisplayPos.x + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = data->DisplayPos.y + data->DisplaySize.y;
  const float projection[16] = {2.0f / (r - l), 0, 0, 0, 0, 2.0f / (t - b), 0, 0, 0, 0, -1, 0,
                                (r + l) / (l - r), (t + b) / (b - t), 0, 1};
  glUseProgram(g_program);
  glUniformMatrix4fv(g_projection, 1, GL_FALSE, projection);
  glBindVertexArray(g_vao);

  const ImVec2 offset = data->DisplayPos;
  const ImVec2 scale = data->FramebufferScale;
  GLuint bound = 0;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->VtxBuffer.Size) * sizeof(ImDrawVert), list->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->IdxBuffer.Size) * sizeof(ImDrawIdx), list->IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      float x0 = (cmd.ClipRect.x - offset.x) * scale.x, y0 = (cmd.ClipRect.y - offset.y) * scale.y;
      float x1 = (cmd.ClipRect.z - offset.x) * scale.x, y1 = (cmd.ClipRect.w - offset.y) * scale.y;
      if (x0 < 0) x0 = 0;
      if (y0 < 0) y0 = 0;
      if (x1 > float(fb_width)) x1 = float(fb_width);
      if (y1 > float(fb_height)) y1 = float(fb_height);
      if (x1 <= x0 || y1 <= y0) continue;
      glScissor(static_cast<GLint>(x0), static_cast<GLint>(float(fb_height) - y1), static_cast<GLsizei>(x1 - x0),
                static_cast<GLsizei>(y1 - y0));
      GLuint texture = static_cast<GLuint>(reinterpret_cast<intptr_t>(cmd.GetTexID()));
      if (texture != bound) {
        glBindTexture(GL_TEXTURE_2D, texture);
        bound = texture;
      }
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(static_cast<intptr_t>(cmd.IdxOffset * sizeof(ImDrawIdx))));
    }
  }
}

}  // namespace learnable::web
