#ifndef GANTRY_COPENSSL_SHIM_H
#define GANTRY_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/obj_mac.h>
// RSA keys for ID tokens (GantryCrypto/RSA): generation, PEM, public key parameters.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
// X.509 certificates and requests for the certificate authority (GantryCrypto/X509).
#include <openssl/x509v3.h>
#include <openssl/objects.h>

// Macros Swift cannot import.
static inline int gantry_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline int gantry_mbstring_utf8(void) { return MBSTRING_UTF8; }
#endif
