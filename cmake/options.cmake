# Warnings and sanitizers live on an INTERFACE target that each of our targets links privately;
# nothing is added globally, so third-party code is built as its authors intended.
add_library(cambio_options INTERFACE)
add_library(cambio::options ALIAS cambio_options)
target_compile_options(cambio_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                                -Wimplicit-fallthrough)
# g++ 12 warns about designated initializers that leave out members with default initializers
# (`call(q, p, {.timeout = 1s})`), which is the point of them.
target_compile_options(cambio_options INTERFACE -Wno-missing-field-initializers)
if(CAMBIO_WARNINGS_AS_ERRORS)
  target_compile_options(cambio_options INTERFACE -Werror)
endif()
if(CAMBIO_SANITIZE)
  target_compile_options(cambio_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(cambio_options INTERFACE -fsanitize=address,undefined)
endif()
