#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GantryExecution
import Synchronization

/// The container engine the Docker tests use: the one `DOCKER_HOST` or the usual sockets name
/// when it answers, else `podman system service` started here on `.build/podman.sock` (after
/// `make deps`). A watchdog shell ends that service when this test process exits, however it
/// exits, so `swift test` leaves no engine running behind it.
public enum DockerTestEngine {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static let packageRoot = GantryProcess.repositoryRoot

    /// A client of an engine that answers; throws (failing the test) with what to do otherwise.
    public static func client() throws -> DockerClient { try engine.get() }

    /// That engine as `DOCKER_HOST` names it, for a `gantry` process the test starts.
    public static func dockerHost() throws -> String { try client().endpoint.description }

    /// `gantry-busybox:latest`, built by scripts/build-image.sh once and reused.
    public static func busyboxImage() throws -> String { try busybox.get() }

    /// `python:3.11-slim` from Debian's packages, built by scripts/build-image.sh once (minutes)
    /// and reused: its cache key tag makes a second `make test` build nothing.
    public static func pythonImage() throws -> String { try python.get() }

    private static let watchdog = Atomic<Int32>(0)

    private static let engine: Result<DockerClient, Unavailable> = {
        if let found = try? DockerClient(), (try? found.ping()) != nil { return .success(found) }
        let socket = packageRoot.appendingPathComponent(".build/podman.sock").path
        let local = DockerClient(endpoint: .unixSocket(socket))
        if (try? local.ping()) != nil { return .success(local) }
        guard let podman = ([String](["/usr/bin/podman", "/usr/local/bin/podman"])).first(where: { access($0, X_OK) == 0 }) else {
            return .failure(Unavailable(description: "no container engine answers and podman is not installed: run `make deps`"))
        }
        try? FileManager.default.removeItem(atPath: socket)
        let logFile = packageRoot.appendingPathComponent(".build/podman-service.log")
        // Subprocess, not Process: the shell must start with no signal blocked (this process
        // blocks some on its threads), or its trap and `wait` never run.
        let script = """
            exec >>"$4" 2>&1
            "$1" system service --time=0 "unix://$3" & service=$!
            trap 'kill $service 2>/dev/null; wait $service; exit 0' TERM INT
            while kill -0 "$2" 2>/dev/null && kill -0 $service 2>/dev/null; do sleep 1 & wait $!; done
            kill $service 2>/dev/null; wait $service
            """
        let watchdogShell: Subprocess
        do {
            watchdogShell = try Subprocess(["/bin/sh", "-c", script, "podman-watchdog", podman, String(getpid()), socket, logFile.path],
                                           environment: ProcessInfo.processInfo.environment, directory: packageRoot)
        } catch {
            return .failure(Unavailable(description: "cannot start podman system service: \(error)"))
        }
        watchdog.store(watchdogShell.pid, ordering: .relaxed)
        atexit { kill(DockerTestEngine.watchdog.load(ordering: .relaxed), SIGTERM) }
        let started = Date()
        var lastNote = started
        while Date().timeIntervalSince(started) < 120 {
            if (try? local.ping()) != nil { return .success(local) }
            if Date().timeIntervalSince(lastNote) >= 5 {
                lastNote = Date()
                print("waiting for podman system service on \(socket) (\(Int(Date().timeIntervalSince(started)))s)")
            }
            usleep(200_000)
        }
        return .failure(Unavailable(description: "podman system service did not answer on \(socket) within 120s; see \(logFile.path)"))
    }()

    private static let busybox = buildImage("busybox")
    private static let python = buildImage("python")

    /// Runs scripts/build-image.sh KIND (which does nothing when the engine has this build) and
    /// returns the image name it prints last.
    private static func buildImage(_ kind: String) -> Result<String, Unavailable> {
        print("building or finding the \(kind) test image (scripts/build-image.sh \(kind))")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [packageRoot.appendingPathComponent("scripts/build-image.sh").path, kind]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            return .failure(Unavailable(description: "cannot run scripts/build-image.sh: \(error)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let name = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        guard process.terminationStatus == 0, !name.isEmpty else {
            return .failure(Unavailable(description: "scripts/build-image.sh \(kind) failed (exit \(process.terminationStatus))"))
        }
        return .success(name)
    }
}
