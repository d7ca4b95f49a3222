#ifndef GANTRY_COPENSSL_SHIM_H
#define GANTRY_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#endif
