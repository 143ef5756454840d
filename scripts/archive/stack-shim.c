/*
 * Debian's Orthanc 1.10 gives its HTTP worker threads a 100 KiB stack, which
 * overflows while DCMTK/GDCM decode compressed frames and segfaults the whole
 * server. Preloaded into Orthanc, this raises every requested thread stack to
 * at least 8 MiB. See ../../README.md ("The archive") for the measurements.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#define READROOM_MIN_STACK ((size_t)8 * 1024 * 1024)

typedef int (*setstacksize_fn)(pthread_attr_t *, size_t);

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size) {
  static setstacksize_fn real_setstacksize;
  if (!real_setstacksize) {
    real_setstacksize = (setstacksize_fn)dlsym(RTLD_NEXT, "pthread_attr_setstacksize");
  }
  return real_setstacksize(attr, size < READROOM_MIN_STACK ? READROOM_MIN_STACK : size);
}
