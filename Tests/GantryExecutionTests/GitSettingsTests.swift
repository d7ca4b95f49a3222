import Foundation
import Testing
@testable import GantryExecution

/// The `GIT_*` variables read as GitLab Runner reads them: defaults, `none`, and its warnings for
/// values it does not know (the job goes on with the default).
struct GitSettingsTests {
    @Test func defaultsAreGitLabRunners() {
        let s = GitSettings(variables: [:])
        #expect(s.strategy == .fetch && s.checkout && s.cleanFlags == ["-ffdx"] && s.fetchFlags == ["--prune", "--quiet"])
        #expect(s.depth == 0 && s.submodules == GitSettings.Submodules.none && s.warnings.isEmpty)
        #expect(GitSettings(variables: [:], depth: 20, allowFetch: false).strategy == .clone)
        #expect(GitSettings(variables: [:], depth: 20).depth == 20)
    }

    @Test func valuesAreTakenAndNoneMeansNoFlags() {
        let s = GitSettings(variables: ["GIT_STRATEGY": "clone", "GIT_CHECKOUT": "False", "GIT_CLEAN_FLAGS": "-ffdx -e .venv/",
                                        "GIT_FETCH_EXTRA_FLAGS": "none", "GIT_DEPTH": "3", "GIT_SUBMODULE_STRATEGY": "recursive"])
        #expect(s.strategy == .clone && !s.checkout && s.cleanFlags == ["-ffdx", "-e", ".venv/"] && s.fetchFlags.isEmpty)
        #expect(s.depth == 3 && s.submoduleDepth == 3 && s.submodules == .recursive)
        #expect(GitSettings(variables: ["GIT_CLEAN_FLAGS": "none"]).cleanFlags.isEmpty)
    }

    @Test func noneAndEmptyNeverCheckOutNorTouchSubmodules() {
        for strategy in ["none", "empty"] {
            let s = GitSettings(variables: ["GIT_STRATEGY": strategy, "GIT_SUBMODULE_STRATEGY": "normal"])
            #expect(!s.checkout && s.submodules == GitSettings.Submodules.none)
        }
    }

    @Test func unknownValuesWarnAsGitLabRunnerDoes() {
        let s = GitSettings(variables: ["GIT_STRATEGY": "rsync", "GIT_CHECKOUT": "maybe", "GIT_DEPTH": "deep",
                                        "GIT_SUBMODULE_STRATEGY": "all"])
        #expect(s.strategy == .fetch && s.checkout && s.depth == 0 && s.submodules == nil)
        #expect(s.warnings == [
            "GIT_STRATEGY: expected either 'clone', 'fetch', 'none' or 'empty' got \"rsync\", using default value 'fetch'",
            "GIT_CHECKOUT: expected bool got \"maybe\", using default value: true",
            "GIT_DEPTH: expected int got \"deep\", using default value: 0",
            "GIT_SUBMODULE_STRATEGY: expected either 'normal', 'recursive' or 'none' got \"all\"",
        ])
    }

    /// A server (or whoever poses as one) names the project's folder: it never leads out of the
    /// runner's builds folder.
    @Test func aProjectPathFromAServerStaysInTheBuildsFolder() {
        #expect(RunSettings.buildsProjectPath("group/sub/app", projectID: 7) == "group/sub/app")
        for hostile in ["../../etc", "group/../../x", "/etc/passwd", "a//b", "", "./x", "group/-rf", "a\0b"] {
            #expect(RunSettings.buildsProjectPath(hostile, projectID: 7) == "project-7", "\(hostile)")
        }
        #expect(RunSettings.buildsProjectPath(nil, projectID: 9) == "project-9")
    }
}
