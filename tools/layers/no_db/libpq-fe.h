/*
 * libpq-fe.h - a stand-in on the include path of every library but the store
 * (meson.build, "the layers"; HACKING.md): only src/store/ talks to the
 * database.  Found before the real header, so an include outside the
 * store fails to compile.  Unit tests do not see it: their fixtures may
 * open the database directly.
 */
#error "layer: libpq-fe.h is included only in src/store/ (use store.h)"
