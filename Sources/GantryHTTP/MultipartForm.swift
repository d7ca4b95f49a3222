import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Malformed `multipart/form-data`; its response is a GitLab-style 400.
public struct MultipartError: HTTPResponseConvertible, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "malformed multipart/form-data: \(message)" }
    public var httpResponse: HTTPResponse { .message(status: 400, "400 Bad request - \(description)") }
}

/// A parsed `multipart/form-data` body: twine's package upload, gitlab-runner's artifact upload.
/// A spilled (file) body is memory-mapped, not read; its large parts stay byte ranges of that file,
/// so a 500 MB artifact is never in memory. Such ranges are only valid while the handler runs (the
/// server deletes the body file afterwards): use `Part.write(to:)` to keep one.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public enum Content: Sendable {
            case data(Data)
            /// `length` bytes at `offset` in the request body's temporary file.
            case file(URL, offset: Int, length: Int)
        }

        public let name: String
        public let filename: String?
        public let contentType: String?
        public let headers: [(String, String)]
        public let content: Content

        public var count: Int {
            switch content {
            case .data(let data): return data.count
            case .file(_, _, let length): return length
            }
        }

        /// The part's bytes in memory.
        public func data() throws -> Data {
            switch content {
            case .data(let data): return data
            case .file(let url, let offset, let length):
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                return try handle.read(upToCount: length) ?? Data()
            }
        }

        /// The part as UTF-8 text.
        public func text() throws -> String {
            String(decoding: try data(), as: UTF8.self)
        }

        /// Writes the part to `destination` (replacing it), copying in blocks for file-backed parts.
        public func write(to destination: URL) throws {
            switch content {
            case .data(let data):
                try data.write(to: destination)
            case .file(let source, let offset, let length):
                try MultipartForm.copy(from: source, offset: offset, length: length, to: destination)
            }
        }
    }

    public let parts: [Part]

    /// Parts at or below this size are copied into memory even when the body is a file.
    static let inlinePartLimit = 64 * 1024

    public init(request: HTTPRequest) throws {
        try self.init(body: request.body, contentType: request.header("Content-Type"))
    }

    public init(body: HTTPBody, contentType: String?) throws {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/") else {
            throw MultipartError("Content-Type is \(contentType.map { "'\($0)'" } ?? "missing"), not multipart/form-data")
        }
        guard let boundary = MultipartForm.boundary(fromContentType: contentType) else {
            throw MultipartError("no boundary in Content-Type '\(contentType)'")
        }
        switch body {
        case .empty:
            parts = try MultipartForm.parse(Data(), boundary: boundary, file: nil)
        case .data(let data):
            parts = try MultipartForm.parse(data, boundary: boundary, file: nil)
        case .file(let url):
            let mapped = try MappedFile(url)
            parts = try MultipartForm.parse(mapped.data, boundary: boundary, file: url)
        }
    }

    /// The first part with this name, as text.
    public func value(_ name: String) -> String? {
        try? part(name)?.text()
    }

    /// The first part with this name.
    public func part(_ name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The `boundary` parameter of a Content-Type header value, quoted or not.
    public static func boundary(fromContentType contentType: String) -> String? {
        let parameters = HeaderParameters.parse(contentType).parameters
        guard let boundary = parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else { return nil }
        return boundary
    }

    // MARK: Parsing

    private static func parse(_ data: Data, boundary: String, file: URL?) throws -> [Part] {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [Part] in
            let scanner = Scanner(buffer: buffer, delimiter: Array(("--" + boundary).utf8))
            var parts: [Part] = []
            guard var delimiterStart = scanner.firstDelimiter() else {
                throw MultipartError("the body does not contain the boundary '\(boundary)'")
            }
            while true {
                var position = delimiterStart + scanner.delimiter.count
                if scanner.hasPrefix("--", at: position) { return parts }
                while position < buffer.count, buffer[position] == UInt8(ascii: " ") || buffer[position] == UInt8(ascii: "\t") {
                    position += 1
                }
                if scanner.hasPrefix("\r\n", at: position) {
                    position += 2
                } else {
                    throw MultipartError(position >= buffer.count ? "the body ends without the closing boundary"
                                                                  : "garbage after a boundary line")
                }
                let headerEnd: Int
                let contentStart: Int
                if scanner.hasPrefix("\r\n", at: position) {
                    headerEnd = position
                    contentStart = position + 2
                } else if let end = scanner.find(Array("\r\n\r\n".utf8), from: position) {
                    headerEnd = end
                    contentStart = end + 4
                } else {
                    throw MultipartError("part headers are not terminated by an empty line")
                }
                guard let contentEnd = scanner.find(scanner.crlfDelimiter, from: contentStart) else {
                    throw MultipartError("the body ends without the closing boundary")
                }
                let headerText = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[position..<headerEnd]), as: UTF8.self)
                let content: Part.Content
                let length = contentEnd - contentStart
                if let file, length > inlinePartLimit {
                    content = .file(file, offset: contentStart, length: length)
                } else {
                    content = .data(Data(UnsafeRawBufferPointer(rebasing: buffer[contentStart..<contentEnd])))
                }
                parts.append(try makePart(headerText: headerText, content: content))
                delimiterStart = contentEnd + 2
            }
        }
    }

    private static func makePart(headerText: String, content: Part.Content) throws -> Part {
        var headers: [(String, String)] = []
        for line in headerText.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError("bad part header line '\(line)'") }
            headers.append((line[..<colon].trimmingCharacters(in: .whitespaces),
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
        guard let disposition = header("Content-Disposition") else {
            throw MultipartError("a part has no Content-Disposition header")
        }
        let parameters = HeaderParameters.parse(disposition).parameters
        guard let name = parameters["name"] else {
            throw MultipartError("a part's Content-Disposition has no name: '\(disposition)'")
        }
        return Part(name: name, filename: parameters["filename*"] ?? parameters["filename"],
                    contentType: header("Content-Type"), headers: headers, content: content)
    }

    private static func copy(from source: URL, offset: Int, length: Int, to destination: URL) throws {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw posixError("cannot open \(source.path)") }
        defer { close(input) }
        let output = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw posixError("cannot create \(destination.path)") }
        defer { close(output) }
        let blockSize = 1 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { block.deallocate() }
        var copied = 0
        while copied < length {
            let count = pread(input, block, min(blockSize, length - copied), off_t(offset + copied))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw posixError("cannot read \(source.path)") }
            var written = 0
            while written < count {
                let result = Glibc.write(output, block + written, count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { throw posixError("cannot write \(destination.path)") }
                written += result
            }
            copied += count
        }
    }

    private static func posixError(_ message: String) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(message): \(String(cString: strerror(errno)))"])
    }
}

/// Byte searches over the body with memchr/memcmp, much faster than a Swift loop on large uploads.
private struct Scanner {
    let buffer: UnsafeRawBufferPointer
    /// `--boundary`
    let delimiter: [UInt8]
    /// `\r\n--boundary`: how a delimiter follows part content.
    let crlfDelimiter: [UInt8]

    init(buffer: UnsafeRawBufferPointer, delimiter: [UInt8]) {
        self.buffer = buffer
        self.delimiter = delimiter
        self.crlfDelimiter = Array("\r\n".utf8) + delimiter
    }

    /// The first delimiter: at the very start, or after a preamble line.
    func firstDelimiter() -> Int? {
        if hasPrefix(delimiter, at: 0) { return 0 }
        return find(crlfDelimiter, from: 0).map { $0 + 2 }
    }

    func hasPrefix(_ text: String, at position: Int) -> Bool {
        hasPrefix(Array(text.utf8), at: position)
    }

    func hasPrefix(_ bytes: [UInt8], at position: Int) -> Bool {
        guard position >= 0, position + bytes.count <= buffer.count else { return false }
        for (index, byte) in bytes.enumerated() where buffer[position + index] != byte { return false }
        return true
    }

    /// memchr for the needle's first byte, then memcmp: a boundary starts with `\r` or `-`, which
    /// are rare enough in binary content that this runs near memchr's speed.
    func find(_ needle: [UInt8], from position: Int) -> Int? {
        guard let base = buffer.baseAddress, let first = needle.first else { return nil }
        let end = buffer.count - needle.count
        var start = position
        return needle.withUnsafeBytes { needleBytes -> Int? in
            while start <= end {
                guard let hit = memchr(base + start, Int32(first), end - start + 1) else { return nil }
                let offset = UnsafeRawPointer(hit) - base
                if memcmp(base + offset, needleBytes.baseAddress!, needle.count) == 0 { return offset }
                start = offset + 1
            }
            return nil
        }
    }
}

/// A read-only memory mapping of a whole file, unmapped when the last Data referring to it goes.
private struct MappedFile {
    let data: Data

    init(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw MultipartError("cannot open the request body \(url.path)") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw MultipartError("cannot stat the request body \(url.path)") }
        let size = Int(info.st_size)
        if size == 0 {
            data = Data()
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw MultipartError("cannot map the request body \(url.path)")
        }
        data = Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in
            munmap(pointer, count)
        })
    }
}

/// `value; key=token; key2="quoted \" string"` as in Content-Type and Content-Disposition.
/// RFC 5987 `key*=UTF-8''percent-encoded` values are decoded and stored under `key*`.
struct HeaderParameters {
    var value: String
    var parameters: [String: String]

    static func parse(_ header: String) -> HeaderParameters {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if raw.count >= 2 && raw.hasPrefix("\"") && raw.hasSuffix("\"") {
                raw = unquote(String(raw.dropFirst().dropLast()))
            } else if key.hasSuffix("*"), let quote = raw.range(of: "''") {
                raw = PercentEncoding.decode(raw[quote.upperBound...])
            }
            if parameters[key] == nil { parameters[key] = raw }
        }
        return HeaderParameters(value: pieces[0].trimmingCharacters(in: .whitespaces), parameters: parameters)
    }

    private static func unquote(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }
}
