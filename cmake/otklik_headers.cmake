# Headers follow the link line: a library offers its own folder's headers to the targets that link
# it, and to no one else, so `#include "storage/…"` in a file of a target that does not link
# otklik_storage fails to compile (STYLE.md: "a wrong dependency fails the build").
#
# Sources include headers by their path under src/ ("core/appeal.hpp"). Each folder gets its own
# include root under the build tree holding one link, include/<folder>/<folder> → src/<folder>, so
# that root resolves only that folder's headers. tools/layers.txt states which folders each folder
# may use at all; tools/check_layers.py (the `Layers.*` tests) checks the includes against it.

# Offers src/<folder> (e.g. `core`, `channels/email`) as PUBLIC headers of `target`.
function(otklik_headers target folder)
    otklik_header_root(root ${folder})
    target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>)
    set_property(GLOBAL APPEND PROPERTY OTKLIK_HEADER_FOLDERS ${folder})
endfunction()

# For targets that compile a few files of a folder without linking its library (tests, benchmarks).
function(otklik_use_headers target folder)
    otklik_header_root(root ${folder})
    target_include_directories(${target} PRIVATE ${root})
endfunction()

# Sets `out` to the include root of src/<folder> and (re)creates its link.
function(otklik_header_root out folder)
    string(REPLACE "/" "_" name ${folder})
    set(root ${PROJECT_BINARY_DIR}/include/${name})
    get_filename_component(parent ${root}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
    set(${out} ${root} PARENT_SCOPE)
endfunction()

# Fails the configuration when a src/ folder built as a library offers no headers: after the
# global include path was removed, a new folder must call otklik_headers() in its CMakeLists.txt.
function(otklik_check_headers_offered)
    get_property(offered GLOBAL PROPERTY OTKLIK_HEADER_FOLDERS)
    foreach(dir ${ARGN})
        if(NOT EXISTS ${PROJECT_SOURCE_DIR}/src/${dir}/CMakeLists.txt)
            continue()
        endif()
        set(found FALSE)
        foreach(folder ${offered})
            if(folder STREQUAL dir OR folder MATCHES "^${dir}/")
                set(found TRUE)
            endif()
        endforeach()
        if(NOT found)
            message(FATAL_ERROR "src/${dir}: its library offers no headers; add "
                "`otklik_headers(otklik_${dir} ${dir})` to src/${dir}/CMakeLists.txt "
                "(cmake/otklik_headers.cmake) and its layer to tools/layers.txt")
        endif()
    endforeach()
endfunction()
