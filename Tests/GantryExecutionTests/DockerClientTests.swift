import Foundation
import GantryTestSupport
import Testing
@testable import GantryExecution

/// The Docker Engine API client against a real engine (Podman's service after `make deps`).
struct DockerClientTests {
    @Test func engineDiscoveryFollowsDockerHostThenTheUsualSockets() throws {
        #expect(try DockerEndpoint.discover(environment: ["DOCKER_HOST": "unix:///srv/engine.sock"]) == .unixSocket("/srv/engine.sock"))
        #expect(try DockerEndpoint.discover(environment: ["DOCKER_HOST": "tcp://10.0.0.5:2375"]) == .tcp("10.0.0.5:2375"))
        #expect(throws: DockerError.badHost("ssh://box")) { try DockerEndpoint.discover(environment: ["DOCKER_HOST": "ssh://box"]) }
        let sockets = DockerEndpoint.candidateSockets(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(sockets == ["/var/run/docker.sock", "/run/user/1000/podman/podman.sock", "/run/podman/podman.sock"])
    }

    @Test func anUnreachableEngineIsReportedWithTheSocketTried() throws {
        let client = DockerClient(endpoint: .unixSocket("/nonexistent/gantry-test.sock"))
        do {
            try client.ping()
            Issue.record("ping of a missing socket succeeded")
        } catch let error as DockerError {
            guard case .unreachable = error else { Issue.record("wrong error: \(error)"); return }
            #expect(error.description.contains("Cannot connect to the Docker daemon at unix:///nonexistent/gantry-test.sock"))
        }
    }

    /// An attacker's `image:` cannot walk the API's paths or add a query: the name is refused
    /// before any call, with Docker's wording, while real references pass.
    @Test func imageNamesThatAreNotReferencesNeverReachTheEngine() throws {
        for good in ["python:3.11-slim", "gantry-busybox:key-0a1b", "registry.example.com:5000/org/redis:7",
                     "localhost/app", "library/python@sha256:" + String(repeating: "a", count: 64), "duffn/python-poetry:3.10-slim"] {
            #expect(DockerClient.isImageReference(good), "\(good)")
        }
        for bad in ["x/../../containers/abc", "../etc", "python:3.11?all=1", "python#x", "py%2Fthon", "Python", "a//b", "",
                    "python:", "a/b:c:d", String(repeating: "a", count: 5000)] {
            #expect(!DockerClient.isImageReference(bad), "\(bad)")
        }
        // Refused before the socket is touched: this endpoint does not exist.
        let client = DockerClient(endpoint: try DockerEndpoint.parse("unix:///nonexistent/gantry.sock"))
        #expect(throws: DockerError.invalidReference("x/../../containers/abc")) { try client.inspectImage("x/../../containers/abc") }
        #expect(throws: DockerError.invalidReference("a?b")) { try client.pullImage("a?b") }
    }

    @Test func multiplexedLogFramesAreSplitWhereverTheTransportCutsThem() {
        func frame(_ stream: UInt8, _ text: String) -> Data {
            let count = UInt32(text.utf8.count)
            return Data([stream, 0, 0, 0, UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)])
                + Data(text.utf8)
        }
        let wire = frame(1, "out one\n") + frame(2, "err\n") + frame(1, "") + frame(1, "last")
        var stream = DockerLogStream()
        var text = ""
        for byte in wire {
            for payload in stream.feed(Data([byte])) { text += String(decoding: payload, as: UTF8.self) }
        }
        #expect(text == "out one\nerr\nlast")
        #expect(stream.leftover == 0)
    }

    @Test func aContainerRunsStreamsItsOutputAndIsRemoved() throws {
        let client = try DockerTestEngine.client()
        let image = try DockerTestEngine.busyboxImage()
        #expect(try !client.version().Version.isEmpty)
        #expect(try client.inspectImage(image) != nil)
        #expect(try client.inspectImage("gantry-no-such-image:0") == nil)

        let label = "com.gantry.job=client-test-\(UUID().uuidString.prefix(8))"
        var spec = DockerContainerSpec(image: image)
        spec.cmd = ["sh", "-c", "echo to-stdout; echo to-stderr >&2; echo \"$GREETING\"; exit 3"]
        spec.env = ["GREETING=hello from the container"]
        spec.labels = [String(label.split(separator: "=")[0]): String(label.split(separator: "=")[1])]
        let id = try client.createContainer(spec)
        defer { try? client.removeContainer(id) }
        #expect(try client.containers(label: label).map(\.Id) == [id])
        try client.startContainer(id)
        let box = OutputBox()
        try client.followLogs(id) { box.add($0) }
        #expect(try client.waitContainer(id) == 3)
        #expect(box.text.contains("to-stdout\n"))
        #expect(box.text.contains("to-stderr\n"))
        #expect(box.text.contains("hello from the container\n"))
        try client.removeContainer(id)
        #expect(try client.containers(label: label).isEmpty)
    }

    @Test func aMissingImageCannotBePulledAndTheEngineSaysWhy() throws {
        let client = try DockerTestEngine.client()
        // A registry on a closed port: the pull fails at once, with no network needed.
        do {
            try client.pullImage("localhost:1/gantry-no-such-image:1")
            Issue.record("pulling from a closed port succeeded")
        } catch let error as DockerError {
            guard case .engine(_, _, let message) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(!message.isEmpty)
        }
    }

    @Test func networksAreCreatedAndRemoved() throws {
        let client = try DockerTestEngine.client()
        let label = "com.gantry.test=\(UUID().uuidString.prefix(8))"
        let parts = label.split(separator: "=").map(String.init)
        let id = try client.createNetwork("gantry-test-\(parts[1])", labels: [parts[0]: parts[1]])
        #expect(try client.networks(label: label).map(\.Id) == [id])
        try client.removeNetwork(id)
        #expect(try client.networks(label: label).isEmpty)
    }
}

/// How `gantry run` and runners will pick their executor.
struct ExecutorChoiceTests {
    @Test func theShellIsUsedWhenAskedForOrWhenNoEngineAnswers() throws {
        #expect(try ExecutorChoice.resolve(.shell).executor is ShellExecutor)
        let fallback = try ExecutorChoice.resolve(nil, dockerHost: "unix:///nonexistent/engine.sock")
        #expect(fallback.executor is ShellExecutor)
        #expect(fallback.reason == "shell executor: no container engine answers at unix:///nonexistent/engine.sock")
    }

    @Test func dockerIsUsedWhenAnEngineAnswersAndAskingForItWithoutOneFails() throws {
        let engine = try DockerTestEngine.client().endpoint
        let chosen = try ExecutorChoice.resolve(nil, dockerHost: engine.description)
        #expect(chosen.executor is DockerExecutor)
        #expect(chosen.reason.hasPrefix("docker executor, a container engine answers: "))
        #expect(chosen.reason.hasSuffix(" at \(engine)"))
        #expect(throws: DockerError.self) { try ExecutorChoice.resolve(.docker, dockerHost: "unix:///nonexistent/engine.sock") }
    }
}
