import Foundation
import GantryTestSupport
import Testing

/// What `gantry run` loads before its first job: libcurl and libmicrohttpd (with the TLS,
/// Kerberos and LDAP libraries behind them) are opened only when a request is made or a server
/// started, and a request made then still verifies TLS.
@Suite(.serialized) struct RunStartupTests {
    private func repository(_ yaml: String) throws -> URL {
        let dir = try GantryProcess.project([".gitlab-ci.yml": yaml])
        for args in [["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "init"]] {
            try GantryProcess.git(args, in: dir)
        }
        return dir
    }

    @Test func aRunWithoutRequestsLoadsNoHTTPLibrary() throws {
        // The job's bash is started by `gantry run` itself: its parent's maps are gantry's.
        let dir = try repository("""
        libraries:
          script: ['grep -o "lib[A-Za-z0-9_+-]*[.]so" /proc/$PPID/maps | sort -u | tr "\\n" " "']
        """)
        let r = try GantryProcess.run(["run", "--executor", "shell"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try GantryProcess.jobLog(dir, "libraries")
        #expect(log.contains("libgit2.so"), "not gantry's libraries: \(log)")
        for library in ["libcurl.so", "libmicrohttpd.so", "libgnutls.so", "librtmp.so"] {
            #expect(!log.contains(library), "\(library) loaded: \(log)")
        }
    }

    @Test func aRemoteIncludeFromAnUntrustedCertificateIsRefused() throws {
        let site = try GantryProcess.project(["remote.yml": "from-remote: {script: [echo remote]}\n"])
        let openssl = try Waiting.run(URL(fileURLWithPath: "/usr/bin/openssl"),
                                      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                       "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem"],
                                      in: site, waitingFor: "openssl req")
        try #require(openssl.status == 0, "\(openssl.output)")
        // A self-signed HTTPS server: the certificate names the address but no CA vouches for it.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", """
            import http.server, ssl
            server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("cert.pem", "key.pem")
            server.socket = context.wrap_socket(server.socket, server_side=True)
            open("port.tmp", "w").write(str(server.server_address[1]))
            __import__("os").rename("port.tmp", "port")
            server.serve_forever()
            """]
        server.currentDirectoryURL = site
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: the test process blocks SIGTERM, and its children inherit that mask.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let portFile = site.appendingPathComponent("port")
        try #require(Waiting.until(10) { FileManager.default.fileExists(atPath: portFile.path) }, "the HTTPS server did not start")
        let port = try String(contentsOf: portFile, encoding: .utf8)
        let url = "https://127.0.0.1:\(port)/remote.yml"
        // The file is there for a client that trusts the certificate.
        let trusting = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", """
            import ssl, sys, urllib.request
            print(urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile="cert.pem")).read().decode())
            """, url], in: site, waitingFor: "a trusting client")
        try #require(trusting.stdout.contains("from-remote"), "\(trusting.output)")

        let dir = try repository("""
        include: {remote: '\(url)'}
        local: {script: [echo local]}
        """)
        let r = try GantryProcess.run(["run", "--executor", "shell"], in: dir)
        #expect(r.status != 0)
        // GitLab's wording for a failed TLS handshake; a refused connection would be a socket error.
        #expect(r.stderr.contains("Remote file `\(url)` could not be fetched because of HTTP error!"), "\(r.stderr)")
        #expect(!r.stdout.contains("$ echo"), "a job ran: \(r.stdout)")
    }
}
