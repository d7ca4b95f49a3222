/// Why an upload's PEP 740 attestations are refused, in PyPI's words where it has them
/// (warehouse `forklift/legacy.py` and `attestations/services.py`): the registry answers it as a
/// 400 and stores nothing of the upload.
public struct AttestationError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public var description: String { "Invalid attestations supplied during upload: \(message)" }

    /// The attestations field is not the JSON list of attestation objects PEP 740 describes.
    public static func malformed(_ why: String) -> AttestationError { AttestationError(message: "Malformed attestations: \(why)") }

    /// A well-formed attestation that does not hold for this file, project or server.
    static func unverified(_ why: String) -> AttestationError {
        AttestationError(message: "Could not verify the uploaded artifact using the included attestation: Verification failed: \(why)")
    }
}
