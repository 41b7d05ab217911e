/* Preloaded by scripts/test.sh --sanitize: dlclose() keeps the library mapped. GLFW and Mesa
   unload their libraries at exit, before LeakSanitizer reports; a leak allocated in an
   unloaded library shows as "<unknown module>", which no suppression can name. With them
   still mapped, lsan.supp can exempt them by library name and nothing else. */
int dlclose(void* handle) {
  (void)handle;
  return 0;
}
