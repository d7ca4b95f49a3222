#ifndef GANTRY_CMICROHTTPD_H
#define GANTRY_CMICROHTTPD_H
// libmicrohttpd for GantryHTTP, loaded with dlopen when the first server starts (LazyMicroHTTPD.c):
// commands that serve nothing (`gantry run`, `gantry plan`) do not map it and the GnuTLS stack
// behind it. MHD's entry points that take options are variadic, which Swift cannot call, so the
// daemon is started here with a fixed, typed option list.
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

typedef void *(*gantry_mhd_uri_log_callback)(void *cls, const char *uri, struct MHD_Connection *connection);

/// Starts a daemon with one thread per connection (handlers block: long polls, git subprocesses)
/// and poll() instead of select(), so descriptors above FD_SETSIZE still work.
/// `address` is a sockaddr_in, or a sockaddr_in6 when `ipv6` is non-zero. Logging stays off.
/// NULL when it could not start (errno set) or libmicrohttpd could not be loaded (see below).
struct MHD_Daemon *gantry_mhd_start(int ipv6,
                                    const struct sockaddr *address,
                                    MHD_AccessHandlerCallback handler, void *handler_cls,
                                    gantry_mhd_uri_log_callback uri_log, void *uri_log_cls,
                                    MHD_RequestCompletedCallback completed, void *completed_cls,
                                    unsigned int connection_limit,
                                    unsigned int per_ip_connection_limit,
                                    unsigned int connection_timeout_seconds,
                                    size_t connection_memory_limit);

/// The port the daemon's socket is bound to (the real one when port 0 was asked for); 0 if unknown.
int gantry_mhd_bound_port(struct MHD_Daemon *daemon);

/// The client's IP address as text into `buffer`; returns 0 on success.
int gantry_mhd_client_address(struct MHD_Connection *connection, char *buffer, socklen_t length);

/// Visits request headers in order; `iterator` gets key/value with their lengths.
int gantry_mhd_headers(struct MHD_Connection *connection, MHD_KeyValueIteratorN iterator, void *cls);

/// Why libmicrohttpd could not be loaded (dlerror's text), or NULL when it is loaded or not yet asked for.
const char *gantry_mhd_load_error(void);

#endif
