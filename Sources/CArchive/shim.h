#ifndef GANTRY_CARCHIVE_SHIM_H
#define GANTRY_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
