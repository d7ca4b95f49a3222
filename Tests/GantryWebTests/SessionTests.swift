import Foundation
import GantryHTTP
import Testing
@testable import GantryWeb

@Suite struct SessionTests {
    @Test func sessionCookiesAreHttpOnlyLaxAndSecureOverHTTPS() {
        #expect(Cookies.set(Cookies.session, "s", maxAge: 60, secure: false).1 == "_gantry_session=s; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
        #expect(Cookies.set(Cookies.session, "s", maxAge: 60, secure: true).1.hasSuffix("; HttpOnly; SameSite=Lax; Secure"))
    }

    @Test func cookiesAreReadFromEveryCookieHeaderFirstOneWins() {
        let request = HTTPRequest(method: "GET", path: "/", headers: [("Cookie", "a=1; _gantry_session=abc"), ("cookie", "_gantry_session=zzz")])
        #expect(Cookies(request)[Cookies.session] == "abc")
        #expect(Cookies(request)["a"] == "1")
    }

    @Test func formsWithoutTheSessionsTokenAreRefused() throws {
        func post(_ body: String) -> HTTPRequest {
            HTTPRequest(method: "POST", path: "/x", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                        body: .data(Data(body.utf8)))
        }
        #expect(try CSRF.verifiedForm(post("authenticity_token=t0k&a=1"), expected: "t0k")["a"] == "1")
        #expect(throws: PageError.self) { try CSRF.verifiedForm(post("a=1"), expected: "t0k") }
        #expect(throws: PageError.self) { try CSRF.verifiedForm(post("authenticity_token=t0x"), expected: "t0k") }
        // Signed out there is no token: nothing matches, not even an empty one.
        #expect(throws: PageError.self) { try CSRF.verifiedForm(post("authenticity_token="), expected: "") }
    }
}
