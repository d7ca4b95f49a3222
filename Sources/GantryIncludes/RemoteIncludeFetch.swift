import Foundation
import GantryCrypto
import GantryHTTP
import GantryPipeline

/// `include: remote:` over libcurl with the policy's limits, answered in GitLab's words.
public struct RemoteIncludeFetch: Sendable {
    let client: HTTPClient
    let policy: RemoteIncludePolicy

    public init(client: HTTPClient, policy: RemoteIncludePolicy) {
        self.client = client
        self.policy = policy
    }

    public func answer(url: String, integrity: String?) -> IncludeAnswer {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            return .failed("Remote file `\(url)` does not have a valid address!")
        }
        let pinned: [String]
        switch policy.admit(host: host, port: parsed.port ?? (scheme == "https" ? 443 : 80)) {
        case .success(let entries): pinned = entries
        case .failure(let blocked): return .failed(RemoteIncludeFailure.blocked(blocked.reason).message(url))
        }
        var request = HTTPClientRequest(url: url, timeout: policy.timeout, followRedirects: policy.followRedirects)
        request.maxBodyBytes = policy.maxBytes
        request.resolve = pinned
        let response: HTTPClientResponse
        do {
            response = try client.send(request)
        } catch let error as HTTPClientError {
            if error.isTooLarge { return .failed(RemoteIncludeFailure.tooLarge(policy.maxBytes).message(url)) }
            if error.isTimeout { return .failed(RemoteIncludeFailure.timeout.message(url)) }
            if error.isConnectionFailure { return .failed(RemoteIncludeFailure.socket.message(url)) }
            return .failed(RemoteIncludeFailure.http.message(url))
        } catch {
            return .failed(RemoteIncludeFailure.http.message(url))
        }
        // A redirect not followed (the server's policy) is not the file.
        guard (200..<300).contains(response.status) else { return .failed(RemoteIncludeFailure.status(response.status).message(url)) }
        if let integrity {
            guard Self.digest(response.body) == integrity else { return .failed(RemoteIncludeFailure.integrity(integrity).message(url)) }
        }
        return .content([UInt8](response.body))
    }

    /// The body's subresource-integrity value, `sha256-<base64>`, as `integrity:` writes it.
    static func digest(_ body: Data) -> String {
        let hex = SHA256Digest.hex(body)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return "sha256-" + Data(bytes).base64EncodedString()
    }
}
