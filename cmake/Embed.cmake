# actviz_embed(TARGET SYMBOL FILE) links FILE's bytes into TARGET, readable from C++ as
#   extern "C" const unsigned char SYMBOL[], SYMBOL_end[];
# through the assembler's .incbin: no generated megabyte C arrays, and TARGET is rebuilt
# when FILE changes. The binary then runs from anywhere without its assets.
function(actviz_embed target symbol file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embed/${symbol}.S)
  file(GENERATE OUTPUT ${out} CONTENT
"    .section .rodata
    .global ${symbol}
    .global ${symbol}_end
    .balign 16
${symbol}:
    .incbin \"${file}\"
${symbol}_end:
    .byte 0
    .section .note.GNU-stack,\"\",@progbits
")
  target_sources(${target} PRIVATE ${out})
  set_source_files_properties(${out} PROPERTIES OBJECT_DEPENDS ${file})
endfunction()
