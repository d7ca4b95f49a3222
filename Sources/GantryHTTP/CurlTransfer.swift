import CCurl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One transfer on an easy handle: sets the options, owns what they point to (header list, mime,
/// upload file, error buffer) until `finish()`, and collects the response through the callbacks.
final class CurlTransfer {
    private let handle: UnsafeMutableRawPointer
    private let request: HTTPClientRequest
    private let userAgent: String

    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private var mime: OpaquePointer?
    private var uploadFile: UnsafeMutablePointer<FILE>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    // Filled by the callbacks.
    private var status = 0
    private var headers: [(String, String)] = []
    private var body = Data()
    private var downloadDescriptor: Int32 = -1
    private var localFailure: String?

    init(handle: UnsafeMutableRawPointer, request: HTTPClientRequest, userAgent: String) {
        self.handle = handle
        self.request = request
        self.userAgent = userAgent
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        errorBuffer.deallocate()
    }

    func perform() throws -> HTTPClientResponse {
        try configure()
        let code = curl_easy_perform(handle)
        if code != CURLE_OK {
            if downloadDescriptor >= 0, let destination = request.downloadTo {
                close(downloadDescriptor)
                downloadDescriptor = -1
                unlink(destination.path)
            }
            throw failure(code)
        }
        var responseCode = 0
        _ = gantry_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        status = responseCode
        if let destination = request.downloadTo, (200..<300).contains(status), downloadDescriptor < 0 {
            guard openDownload(destination) else { throw failure(CURLE_WRITE_ERROR) }
        }
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    /// Frees what the options pointed to; the handle must have been reset or cleaned up first,
    /// or not be used again before the next reset.
    func finish() {
        curl_easy_reset(handle)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        if let resolveList { curl_slist_free_all(resolveList) }
        resolveList = nil
        if let mime { curl_mime_free(mime) }
        mime = nil
        if let uploadFile { fclose(uploadFile) }
        uploadFile = nil
        if downloadDescriptor >= 0 { close(downloadDescriptor) }
        downloadDescriptor = -1
    }

    // MARK: Options

    private func configure() throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        setString(CURLOPT_URL, request.url)
        setLong(CURLOPT_NOSIGNAL, 1)          // many threads: no SIGALRM for DNS timeouts
        setString(CURLOPT_NOPROXY, "*")       // the environment may have proxy variables
        setString(CURLOPT_PROTOCOLS_STR, "http,https")
        setString(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        setString(CURLOPT_USERAGENT, userAgent)
        setLong(CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0)
        if let socket = request.unixSocket { setString(CURLOPT_UNIX_SOCKET_PATH, socket) }
        if let tls = request.tls {
            setString(CURLOPT_CAINFO, tls.caFile)
            setString(CURLOPT_SSLCERT, tls.certFile)
            setString(CURLOPT_SSLKEY, tls.keyFile)
        }
        if request.timeout > 0 { setLong(CURLOPT_TIMEOUT_MS, Int(request.timeout * 1000)) }
        for entry in request.resolve { resolveList = curl_slist_append(resolveList, entry) }
        if let resolveList { _ = gantry_curl_setopt_pointer(handle, CURLOPT_RESOLVE, resolveList) }
        _ = gantry_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = gantry_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback)
        _ = gantry_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        _ = gantry_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, writeCallback)
        _ = gantry_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, me)

        var headerLines = request.headers.map { "\($0.0): \($0.1)" }
        let method = request.method.uppercased()
        if let fields = request.multipart {
            try configureMultipart(fields)
            if method != "POST" { setString(CURLOPT_CUSTOMREQUEST, method) }
        } else {
            switch request.body {
            case .data(let data):
                setPostFields(data)
                if method != "POST" { setString(CURLOPT_CUSTOMREQUEST, method) }
            case .file(let url):
                try configureUpload(url)
                if method != "PUT" { setString(CURLOPT_CUSTOMREQUEST, method) }
            case .none:
                switch method {
                case "GET": setLong(CURLOPT_HTTPGET, 1)
                case "HEAD": setLong(CURLOPT_NOBODY, 1)
                case "POST", "PUT", "PATCH":
                    // An empty body with Content-Length: 0, which some servers insist on.
                    setPostFields(Data())
                    if method != "POST" { setString(CURLOPT_CUSTOMREQUEST, method) }
                default: setString(CURLOPT_CUSTOMREQUEST, method)
                }
            }
            // curl would label raw bodies application/x-www-form-urlencoded; send no type unless given.
            if case .data = request.body, !hasHeader("Content-Type") { headerLines.append("Content-Type:") }
        }
        for line in headerLines { headerList = curl_slist_append(headerList, line) }
        if let headerList { _ = gantry_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList) }
    }

    private func setPostFields(_ data: Data) {
        _ = gantry_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count))
        data.withUnsafeBytes { bytes in
            // COPYPOSTFIELDS copies `POSTFIELDSIZE` bytes now, so the Data need not outlive this call.
            let empty: CChar = 0
            if let base = bytes.baseAddress {
                _ = gantry_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            } else {
                withUnsafePointer(to: empty) {
                    _ = gantry_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0))
                }
            }
        }
    }

    /// Streams the file with curl's default fread, which also lets curl rewind it (fseek) if it must
    /// resend the body.
    private func configureUpload(_ url: URL) throws {
        guard let file = fopen(url.path, "rb") else {
            throw HTTPClientError(method: request.method, url: request.url, code: -1,
                                  message: "cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
        uploadFile = file
        var info = stat()
        fstat(fileno(file), &info)
        setLong(CURLOPT_UPLOAD, 1)
        _ = gantry_curl_setopt_pointer(handle, CURLOPT_READDATA, UnsafeMutableRawPointer(file))
        _ = gantry_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(info.st_size))
    }

    private func configureMultipart(_ fields: [MultipartField]) throws {
        guard let mime = curl_mime_init(handle) else {
            throw HTTPClientError(method: request.method, url: request.url, code: -1, message: "curl_mime_init failed")
        }
        self.mime = mime
        for field in fields {
            let part = curl_mime_addpart(mime)
            curl_mime_name(part, field.name)
            switch field.content {
            case .text(let text):
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { _ = curl_mime_data(part, $0.baseAddress, buffer.count) }
                }
            case .data(let data, let filename):
                data.withUnsafeBytes { bytes in
                    _ = curl_mime_data(part, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
                }
                curl_mime_filename(part, filename ?? field.name)
            case .file(let url, let filename):
                guard FileManager.default.isReadableFile(atPath: url.path) else {
                    throw HTTPClientError(method: request.method, url: request.url, code: -1,
                                          message: "cannot read \(url.path) for multipart field '\(field.name)'")
                }
                curl_mime_filedata(part, url.path)
                if let filename { curl_mime_filename(part, filename) }
            }
            if let contentType = field.contentType { curl_mime_type(part, contentType) }
        }
        _ = gantry_curl_setopt_pointer(handle, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(mime))
    }

    private func hasHeader(_ name: String) -> Bool {
        request.headers.contains { $0.0.caseInsensitiveCompare(name) == .orderedSame }
    }

    private func setLong(_ option: CURLoption, _ value: Int) {
        _ = gantry_curl_setopt_long(handle, option, value)
    }

    private func setString(_ option: CURLoption, _ value: String) {
        _ = gantry_curl_setopt_string(handle, option, value)   // curl copies strings
    }

    // MARK: Callbacks

    /// A header line; a status line starts a new response (after `100 Continue` or a redirect).
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = []
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count >= 2 ? Int(fields[1]) ?? 0 : 0
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
    }

    /// Body bytes: to the receiver or the download file for a 2xx response when asked, else to memory.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let receive = request.receive, (200..<300).contains(status) {
            receive(Data(bytes))
            return true
        }
        guard let destination = request.downloadTo, (200..<300).contains(status) else {
            if let limit = request.maxBodyBytes, body.count + bytes.count > limit {
                localFailure = HTTPClientError.tooLargeMessage
                return false
            }
            body.append(contentsOf: bytes)
            return true
        }
        if downloadDescriptor < 0 && !openDownload(destination) { return false }
        guard var base = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(downloadDescriptor, base, remaining)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                localFailure = "cannot write \(destination.path): \(String(cString: strerror(errno)))"
                return false
            }
            remaining -= written
            base += written
        }
        return true
    }

    private func openDownload(_ destination: URL) -> Bool {
        downloadDescriptor = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if downloadDescriptor < 0 {
            localFailure = "cannot create \(destination.path): \(String(cString: strerror(errno)))"
            return false
        }
        return true
    }

    private func failure(_ code: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        var message = String(cString: curl_easy_strerror(code))
        if let localFailure {
            message = localFailure
        } else if !detail.isEmpty {
            message += " (\(detail))"
        }
        return HTTPClientError(method: request.method, url: request.url, code: Int(code.rawValue), message: message)
    }
}

private func headerCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                            _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private func writeCallback(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
}
