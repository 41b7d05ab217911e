// The activation catalogue in GLSL (placeholder).
