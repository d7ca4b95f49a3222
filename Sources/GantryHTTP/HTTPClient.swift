import CCurl
import Foundation
import Synchronization

/// Runs curl_global_init once, before the first handle (it is not safe to race with other curl calls).
/// Not before: it loads libcurl and sets up OpenSSL, which a client that never sends (an include
/// fetcher for a pipeline without remote includes) should not pay for.
private let curlGlobalInit: Void = {
    curl_global_init(Int(CURL_GLOBAL_ALL))
}()

/// HTTP client on libcurl for the runner agent. Safe to use from many threads: every transfer runs on
/// its own easy handle. Finished handles are kept (after curl_easy_reset) and reused, because a
/// handle keeps its connection cache: the runner's frequent trace and status calls reuse connections.
/// Proxies from the environment are ignored; only http and https are allowed.
public final class HTTPClient: Sendable {
    private let idleHandles = Mutex<[IdleHandle]>([])
    private let userAgent: String
    private static let maximumIdleHandles = 16

    public init(userAgent: String = "gantry") {
        self.userAgent = userAgent
    }

    deinit {
        idleHandles.withLock { handles in
            for idle in handles { curl_easy_cleanup(idle.handle) }
            handles.removeAll()
        }
    }

    /// Performs the request; throws `HTTPClientError` when no complete response arrived.
    public func send(_ request: HTTPClientRequest) throws -> HTTPClientResponse {
        guard let handle = takeHandle() else {
            let reason = gantry_curl_load_error().map { String(cString: $0) } ?? "curl_easy_init failed"
            throw HTTPClientError(method: request.method, url: request.url, code: -1, message: reason)
        }
        let transfer = CurlTransfer(handle: handle, request: request, userAgent: userAgent)
        defer {
            transfer.finish()
            giveBack(handle)
        }
        return try transfer.perform()
    }

    private func takeHandle() -> UnsafeMutableRawPointer? {
        if let idle = idleHandles.withLock({ $0.popLast() }) { return idle.handle }
        _ = curlGlobalInit
        return curl_easy_init()
    }

    private func giveBack(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        let kept = idleHandles.withLock { handles in
            guard handles.count < HTTPClient.maximumIdleHandles else { return false }
            handles.append(IdleHandle(handle: handle))
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }
}

/// An easy handle nobody is using. Unchecked: a handle in the pool belongs to no thread, and
/// `takeHandle()` gives it to exactly one.
private struct IdleHandle: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
}
