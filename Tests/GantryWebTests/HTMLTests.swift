import Testing
@testable import GantryWeb

@Suite struct HTMLTests {
    @Test func interpolatedTextIsEscapedInTextAndAttributes() {
        let name = #""><img src=x onerror=alert(1)>"#
        let page: HTML = "<a title=\"\(name)\">\(name) & <script>\("</script><script>alert(2)</script>")</a>"
        #expect(page.markup == #"<a title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; & <script>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</a>"#)
    }

    @Test func htmlValuesGoInAsTheyAre() {
        let inner: HTML = "<b>\("x<y")</b>"
        let outer: HTML = "<p>\(inner)\([inner, inner])</p>"
        #expect(outer.markup == "<p><b>x&lt;y</b><b>x&lt;y</b><b>x&lt;y</b></p>")
    }

    @Test func singleQuotesAndNULAreNeutralised() {
        #expect(HTML.escape("it's\0") == "it&#39;s\u{FFFD}")
    }
}

@Suite struct GitLabPathTests {
    @Test func splitsNamespaceFromTheDashPart() {
        #expect(GitLabPath("/group/sub/project/-/pipelines/7") == GitLabPath(namespace: "group/sub/project", rest: "/pipelines/7"))
        #expect(GitLabPath("/group/project") == GitLabPath(namespace: "group/project", rest: nil))
        #expect(GitLabPath("/group/project/") == GitLabPath(namespace: "group/project", rest: nil))
        #expect(GitLabPath("/group/project/-") == GitLabPath(namespace: "group/project", rest: "/"))
    }

    @Test func refusesPathsNoPageHas() {
        #expect(GitLabPath("/") == nil)
        #expect(GitLabPath("/-/pipelines") == nil)
        #expect(GitLabPath("/a//b") == nil)
        #expect(GitLabPath("/a/../b") == nil)
        #expect(GitLabPath("/a/%2e%2e/b") == nil)
        #expect(GitLabPath("/a%2Fb/c") == nil)
    }
}

@Suite struct SignInRedirectTests {
    @Test func onlyPathsOnThisServer() {
        #expect(SignInPath.isLocal("/group/project/-/pipelines?page=2"))
        for evil in ["//evil.example/x", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/a\r\nSet-Cookie: x=1",
                     "evil.example", "", "/\t/evil.example"] {
            #expect(!SignInPath.isLocal(evil), "\(evil)")
        }
    }
}
