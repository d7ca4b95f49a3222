import CMicroHTTPD
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The C callbacks given to libmicrohttpd. `cls` is the ServerContext (unretained: the server owns
// it and stops the daemon before letting go); `*con_cls` is the request's PendingRequest, retained
// from the URI log callback until MHD reports the request completed.

/// Called when the request line arrives, before MHD splits off the query: the one place that sees
/// the request target exactly as sent.
func uriLogged(_ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?,
               _ connection: OpaquePointer?) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    let pending = PendingRequest(target: uri.map { String(cString: $0) } ?? "/", context: context)
    return Unmanaged.passRetained(pending).toOpaque()
}

/// Releases the request's state, whether it was answered or the client disconnected.
func requestCompleted(_ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                      _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                      _ reason: MHD_RequestTerminationCode) {
    guard let requestContext, let pointer = requestContext.pointee else { return }
    requestContext.pointee = nil
    Unmanaged<PendingRequest>.fromOpaque(pointer).release()
}

/// MHD calls this once when the headers are in, once per body chunk, and once more with no data
/// when the body is complete; only that last call runs the handler.
func accessHandler(_ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
                   _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
                   _ uploadData: UnsafePointer<CChar>?, _ uploadDataSize: UnsafeMutablePointer<Int>?,
                   _ requestContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> MHD_Result {
    guard let cls, let connection, let requestContext, let uploadDataSize else { return .NO }
    let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()

    if requestContext.pointee == nil {
        // The URI log callback did not run (should not happen); rebuild from what MHD gives.
        let pending = PendingRequest(target: url.map { String(cString: $0) } ?? "/", context: context)
        requestContext.pointee = Unmanaged.passRetained(pending).toOpaque()
    }
    let pending = Unmanaged<PendingRequest>.fromOpaque(requestContext.pointee!).takeUnretainedValue()

    if !pending.started {
        // Headers complete. Returning without a response lets MHD answer `Expect: 100-continue`;
        // a response queued now is sent without reading the body (MHD discards it).
        pending.started = true
        pending.method = method.map { String(cString: $0) } ?? "GET"
        pending.headers = requestHeaders(connection)
        pending.remoteAddress = clientAddress(connection)
        let head = HTTPRequest(method: pending.method, target: pending.target, headers: pending.headers,
                               remoteAddress: pending.remoteAddress)
        let admission = context.admission?(head) ?? .accept()
        if let refusal = admission.refusal {
            pending.answered = true
            return queue(refusal, on: connection)
        }
        pending.bodyLimit = admission.bodyLimit
        if let declared = declaredLength(pending.headers), declared > UInt64(max(0, admission.bodyLimit)) {
            pending.answered = true
            return queue(Admission.tooLarge, on: connection)
        }
        return .YES
    }

    if pending.answered {
        uploadDataSize.pointee = 0
        return .YES
    }

    if uploadDataSize.pointee > 0 {
        let size = uploadDataSize.pointee
        uploadDataSize.pointee = 0
        // A chunked body has no declared length: it is counted as it comes. Past the limit nothing
        // more is kept; libmicrohttpd 0.9.75 cannot answer in the middle of a body, so the 413
        // goes at its end, and a sender that goes on for long past the limit is cut off.
        if pending.tooLarge || size > pending.bodyLimit - pending.received {
            if !pending.tooLarge {
                pending.tooLarge = true
                pending.removeSpill()
            }
            pending.discarded += size
            return pending.discarded > PendingRequest.discardLimit ? .NO : .YES
        }
        pending.received += size
        if let uploadData {
            pending.append(UnsafeRawBufferPointer(start: uploadData, count: size))
        }
        return .YES
    }
    if pending.tooLarge {
        return queue(Admission.tooLarge, on: connection)
    }

    let response: HTTPResponse
    if let failure = pending.failure {
        response = .message(status: 500, "500 Internal Server Error - \(failure)")
    } else {
        let request = HTTPRequest(method: pending.method, target: pending.target, headers: pending.headers,
                                  body: pending.finishBody(), remoteAddress: pending.remoteAddress)
        response = context.handler(request)
    }
    pending.removeSpill()
    return queue(response, on: connection)
}

/// The body length a request declares, nil without (or with an unreadable) Content-Length.
private func declaredLength(_ headers: [(String, String)]) -> UInt64? {
    guard let value = headers.first(where: { $0.0.caseInsensitiveCompare("Content-Length") == .orderedSame })?.1 else { return nil }
    return UInt64(value.trimmingCharacters(in: .whitespaces))
}

private func requestHeaders(_ connection: OpaquePointer) -> [(String, String)] {
    final class Collector { var headers: [(String, String)] = [] }
    let collector = Collector()
    withExtendedLifetime(collector) {
        _ = gantry_mhd_headers(connection, { cls, _, key, keySize, value, valueSize in
            guard let cls, let key else { return .YES }
            let collector = Unmanaged<Collector>.fromOpaque(cls).takeUnretainedValue()
            let name = String(decoding: UnsafeRawBufferPointer(start: key, count: keySize), as: UTF8.self)
            let text = value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: valueSize), as: UTF8.self) } ?? ""
            collector.headers.append((name, text))
            return .YES
        }, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.headers
}

private func clientAddress(_ connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
    guard gantry_mhd_client_address(connection, &buffer, socklen_t(buffer.count)) == 0 else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Hands the response to MHD. A file that cannot be opened becomes a 500.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    var status = response.status
    var headers = response.headers
    var mhdResponse: OpaquePointer?
    switch response.body {
    case .data(let data):
        mhdResponse = data.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                            .RESPMEM_MUST_COPY)
        }
    case .file(let url, let deleteAfterSending):
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        var info = stat()
        if descriptor >= 0 && fstat(descriptor, &info) == 0 {
            if deleteAfterSending { unlink(url.path) }
            // MHD owns the descriptor from here and closes it with the response.
            mhdResponse = MHD_create_response_from_fd64(UInt64(info.st_size), descriptor)
            if mhdResponse == nil { close(descriptor) }
        } else if descriptor >= 0 {
            close(descriptor)
        }
    }
    if mhdResponse == nil {
        let failure = HTTPResponse.message(status: 500, "500 Internal Server Error")
        status = failure.status
        headers = failure.headers
        if case .data(let data) = failure.body {
            mhdResponse = data.withUnsafeBytes { bytes in
                MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                                .RESPMEM_MUST_COPY)
            }
        }
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for (name, value) in headers where name.caseInsensitiveCompare("Content-Length") != .orderedSame {
        _ = MHD_add_response_header(mhdResponse, name, value)
    }
    if !(100...999).contains(status) { status = 500 }
    return MHD_queue_response(connection, UInt32(status), mhdResponse)
}
