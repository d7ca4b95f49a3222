import GantryCrypto
import Testing

@Suite struct PasswordHashTests {
    @Test func verifiesOnlyTheSamePassword() {
        let cheap = PasswordHash.Cost(logN: 10, r: 8, p: 1)
        let stored = PasswordHash.hash("correct horse", cost: cheap)
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(PasswordHash.verify("correct horse", against: stored))
        #expect(!PasswordHash.verify("correct horsf", against: stored))
        #expect(!PasswordHash.verify("", against: stored))
        // A new salt each time: equal passwords do not give equal digests.
        #expect(PasswordHash.hash("correct horse", cost: cheap) != stored)
    }

    @Test func refusesMalformedAndExcessiveDigests() {
        #expect(!PasswordHash.verify("x", against: ""))
        #expect(!PasswordHash.verify("x", against: "$scrypt$ln=30,r=8,p=1$AAAA$AAAA"))
        #expect(!PasswordHash.verify("x", against: "$pbkdf2$whatever"))
    }
}
