import Foundation
import GantryCrypto
import Testing

@Suite struct SigningTests {
    @Test func p256KeySignsAndItsPEMRoundTrips() throws {
        let key = try ECDSAPrivateKey.generateP256()
        let again = try ECDSAPrivateKey(pem: key.pem)
        #expect(again.publicKey == key.publicKey)
        let message = Data("checkpoint".utf8)
        let signature = try again.sign(message)
        #expect(key.publicKey.kind == .ecdsa)
        #expect(key.publicKey.verify(signature: signature, message: message))
        #expect(!key.publicKey.verify(signature: signature, message: Data("checkpoinT".utf8)))
        #expect(key.publicKey.verify(signature: signature, digest: HashAlgorithm.sha256.digest(message), hash: .sha256))
        // A digest of the wrong length never verifies.
        #expect(!key.publicKey.verify(signature: signature, digest: Data(count: 31), hash: .sha256))
        #expect(try PublicKey(pem: key.publicKey.pem) == key.publicKey)
    }

    @Test func pemDecodingNamesWhatIsWrong() throws {
        #expect(throws: CryptoError.self) { try PEMBlock.decode("-----BEGIN PUBLIC KEY-----\nAAAA\n") }
        #expect(throws: CryptoError.self) { try PEMBlock.decode("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n") }
        #expect(try PEMBlock.decode("no pem here").isEmpty)
        let many = String(repeating: "-----BEGIN X-----\nAAAA\n-----END X-----\n", count: 11)
        #expect(throws: CryptoError.self) { try PEMBlock.decode(many) }
        #expect(throws: CryptoError.self) { try PublicKey(spki: Data("junk".utf8)) }
    }
}
