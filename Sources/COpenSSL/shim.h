#ifndef GANTRY_COPENSSL_SHIM_H
#define GANTRY_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/obj_mac.h>
#endif
