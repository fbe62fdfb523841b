# The site's files beyond the app (included from CMakeLists.txt once learnable_site exists):
# the JS API as an ES module with its TypeScript declarations, the web app manifest and its
# icons (drawn by make_icons.py), the tutorial example, and last the service worker, whose file
# list and version (a hash of the built files, make_sw.py) are written after everything else.
file(GLOB LEARNABLE_EXAMPLES CONFIGURE_DEPENDS RELATIVE ${CMAKE_SOURCE_DIR}/web ${CMAKE_SOURCE_DIR}/web/examples/*)
set(LEARNABLE_SITE_FILES learnable.mjs learnable.d.ts manifest.webmanifest ${LEARNABLE_EXAMPLES})
set(site_outputs)
foreach(file IN LISTS LEARNABLE_SITE_FILES)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/${file}
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/web/${file} ${CMAKE_BINARY_DIR}/${file}
    DEPENDS ${CMAKE_SOURCE_DIR}/web/${file})
  list(APPEND site_outputs ${CMAKE_BINARY_DIR}/${file})
endforeach()
# TypeScript looks for the types of `import ... from './learnable.mjs'` in learnable.d.mts.
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/learnable.d.mts
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/web/learnable.d.ts ${CMAKE_BINARY_DIR}/learnable.d.mts
  DEPENDS ${CMAKE_SOURCE_DIR}/web/learnable.d.ts)
list(APPEND site_outputs ${CMAKE_BINARY_DIR}/learnable.d.mts)

set(LEARNABLE_ICON_SIZES 192 512)
set(icons)
foreach(size IN LISTS LEARNABLE_ICON_SIZES)
  list(APPEND icons ${CMAKE_BINARY_DIR}/icons/icon-${size}.png)
endforeach()
add_custom_command(OUTPUT ${icons}
  COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/web/make_icons.py ${CMAKE_BINARY_DIR}/icons ${LEARNABLE_ICON_SIZES}
  DEPENDS ${CMAKE_SOURCE_DIR}/web/make_icons.py
  COMMENT "Drawing the web app's icons")

add_custom_target(learnable_site_files ALL DEPENDS ${site_outputs} ${icons})

# Runs on every build (hashing the site takes milliseconds) and rewrites sw.js only when a file
# changed, so it also sees files other targets write (embed.html) without naming their rules.
add_custom_target(learnable_service_worker ALL
  COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/web/make_sw.py ${CMAKE_SOURCE_DIR}/web/sw.js
          ${CMAKE_BINARY_DIR} ${CMAKE_BINARY_DIR}/sw.js
  BYPRODUCTS ${CMAKE_BINARY_DIR}/sw.js
  COMMENT "Writing sw.js (the service worker, versioned by the site's files)"
  VERBATIM)
# After every target of the default build that writes a file of the site, wherever it is
# defined (also after this file is included: the call is deferred to the end of the directory).
function(learnable_service_worker_last)
  get_property(targets DIRECTORY ${CMAKE_SOURCE_DIR} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(excluded ${target} EXCLUDE_FROM_ALL)
    if(NOT target STREQUAL "learnable_service_worker" AND NOT excluded
       AND (type STREQUAL "EXECUTABLE" OR type STREQUAL "UTILITY"))
      add_dependencies(learnable_service_worker ${target})
    endif()
  endforeach()
endfunction()
if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.19)
  cmake_language(DEFER CALL learnable_service_worker_last)
else()
  add_dependencies(learnable_service_worker learnable_app learnable_js learnable_site learnable_site_files)
endif()
