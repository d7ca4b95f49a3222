/// The part of the runner's own environment a job starts from; everything else a job sees comes
/// from its variables. The runner's settings (`GANTRY_*`), tokens and any other variable of the
/// process that runs `gantry run`, `gantry server` or `gantry runner` stay out of jobs.
///
/// Kept: what a shell and the usual tools need to work on this host (`PATH`, `HOME`, `USER`,
/// `LOGNAME`, `SHELL`, `LANG`, `LANGUAGE`, `LC_*`, `TZ`, `TERM`), how this host reaches the
/// network (`http_proxy`, `https_proxy`, `no_proxy`, `all_proxy`, in either case) and which
/// certificate authorities it trusts (`SSL_CERT_FILE`, `SSL_CERT_DIR`, `REQUESTS_CA_BUNDLE`,
/// `CURL_CA_BUNDLE`, `PIP_CERT`, `GIT_SSL_CAINFO`, `NODE_EXTRA_CA_CERTS`). docs/running-locally.md
/// lists the same.
enum JobEnvironment {
    static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

    static let names: Set<String> = [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM",
        "http_proxy", "https_proxy", "no_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "PIP_CERT", "GIT_SSL_CAINFO",
        "NODE_EXTRA_CA_CERTS",
    ]

    static func base(_ environment: [String: String]) -> [String: String] {
        var out = environment.filter { names.contains($0.key) || $0.key.hasPrefix("LC_") }
        if out["PATH"] == nil { out["PATH"] = defaultPath }
        return out
    }
}
