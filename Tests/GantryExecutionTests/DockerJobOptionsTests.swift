import Foundation
import GantryTestSupport
import Testing
@testable import GantryExecution

/// `docker: user`, `docker: platform` and the wait for services' ports, in the real engine (the
/// busybox test image), through `DockerExecutorTests.runJob`.
struct DockerJobOptionsTests {
    let jobs = DockerExecutorTests()

    @Test func dockerUserRunsTheScriptsAsThatUser() throws {
        let run = try jobs.runJob("""
            job:
              image: {name: BUSYBOX, docker: {user: nobody}}
              script: [echo "uid $(id -u)"]
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("uid 65534"), "\(run.log)")
    }

    @Test func dockerPlatformIsHonouredWhenChoosingTheImage() throws {
        let same = try jobs.runJob("""
            job:
              image: {name: BUSYBOX, docker: {platform: linux/amd64}}
              script: [echo platform-ok]
            """)
        #expect(same.result.status == .success, "\(same.log)")
        #expect(same.log.contains("platform-ok"))
        // The local image is amd64: for another platform it counts as missing and is pulled for
        // that platform, which fails here (no registry), naming the platform.
        let other = try jobs.runJob("""
            job:
              image: {name: BUSYBOX, docker: {platform: linux/s390x}}
              script: [echo never]
            """)
        #expect(other.result.status == .failed)
        #expect(other.result.failureReason == .imagePullFailure)
        #expect(other.log.contains("Pulling docker image gantry-busybox:latest for platform linux/s390x"), "\(other.log)")
        #expect(!other.log.contains("never\n"))
        let never = try jobs.runJob("""
            job:
              image: {name: BUSYBOX, pull_policy: never, docker: {platform: linux/s390x}}
              script: [echo never]
            """)
        #expect(never.result.failureReason == .imagePullFailure)
        #expect(never.log.contains("not the platform linux/s390x the job asks for"), "\(never.log)")
    }

    /// The service starts its server two seconds late; the script's single try succeeds only
    /// because the job waited for the port.
    @Test func theScriptStartsOnceTheServicesPortIsOpen() throws {
        let run = try jobs.runJob("""
            job:
              image: BUSYBOX
              services:
                - name: BUSYBOX
                  alias: web
                  command: ["sh", "-c", "sleep 2; exec httpd -f -p 8080 -h /etc"]
                  variables: {HEALTHCHECK_TCP_PORT: "8080"}
              script:
                - wget -q -O- http://web:8080/os-release
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("Waiting for services to be up and running (timeout 30 seconds)..."))
        #expect(!run.log.contains("probably didn't start properly"), "\(run.log)")
        #expect(run.log.contains("PRETTY_NAME=\"Gantry busybox test image\""))
        #expect(run.leftContainers == 0)
    }

    /// Without `HEALTHCHECK_TCP_PORT`, the ports the service's image exposes are waited for: an
    /// image of the test's own, the busybox image with `EXPOSE 8080`, removed afterwards.
    @Test func theServiceImagesExposedPortIsWaitedFor() throws {
        let base = try DockerTestEngine.busyboxImage()
        let image = "gantry-test-exposed:\(UUID().uuidString.prefix(8).lowercased())"
        let container = "gantry-test-expose-\(UUID().uuidString.prefix(8).lowercased())"
        try podman(["create", "--name", container, base, "true"])
        defer {
            _ = try? podman(["rm", "-f", container])
            _ = try? podman(["rmi", "-f", image])
        }
        try podman(["commit", "-q", "--change", "EXPOSE 8080", container, image])
        let run = try jobs.runJob("""
            job:
              image: BUSYBOX
              services:
                - name: \(image)
                  alias: web
                  command: ["sh", "-c", "sleep 2; exec httpd -f -p 8080 -h /etc"]
              script:
                - wget -q -O- http://web:8080/os-release
            """)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(!run.log.contains("probably didn't start properly"), "\(run.log)")
        #expect(run.log.contains("PRETTY_NAME=\"Gantry busybox test image\""))
    }

    /// The podman command line, for making the test's own image (the engine's storage is shared).
    @discardableResult
    func podman(_ arguments: [String]) throws -> String {
        let r = try Waiting.run(URL(fileURLWithPath: "/usr/bin/podman"), arguments, waitingFor: "podman \(arguments.prefix(2).joined(separator: " "))")
        try #require(r.status == 0, "podman \(arguments): \(r.output)")
        return r.stdout
    }

    @Test func aServiceThatNeverOpensItsPortIsReportedAsGitLabDoes() throws {
        let run = try jobs.runJob("""
            job:
              image: BUSYBOX
              services:
                - name: BUSYBOX
                  alias: silent
                  command: ["sh", "-c", "echo listening-soon; sleep 300"]
                  variables: {HEALTHCHECK_TCP_PORT: "9999"}
              script: [echo job-ran]
            """, waitForServices: 3)
        #expect(run.result.status == .success, "\(run.log)")
        #expect(run.log.contains("Waiting for services to be up and running (timeout 3 seconds)..."))
        #expect(run.log.contains("*** WARNING: Service gantry-"), "\(run.log)")
        #expect(run.log.contains("probably didn't start properly."))
        #expect(run.log.contains("Health check error:"))
        #expect(run.log.contains("on [9999] within 3 seconds"), "\(run.log)")
        #expect(run.log.contains("Service container logs:\nlistening-soon"), "\(run.log)")
        #expect(run.log.contains("job-ran"))
        #expect(run.leftContainers == 0)
        #expect(run.leftNetworks == 0)
    }

    @Test func volumesAreCheckedBeforeTheyReachTheEngine() {
        #expect(DockerExecutor.isVolume("/srv/wheels:/srv/wheels:ro"))
        #expect(DockerExecutor.isVolume("/a:/b"))
        for bad in ["wheels:/w", "/a:b", "/a:/b:z", "/a:/b:ro,rw", "/a", "/a:/../etc", "named-volume:/data"] {
            #expect(!DockerExecutor.isVolume(bad), "\(bad)")
        }
    }

    @Test func aMissingDefaultImageSaysHowToBuildIt() {
        let hint = DockerExecutor.defaultImageHint("python:3.11-slim", origin: "gantry run's default")
        #expect(hint.contains("scripts/build-image.sh python"), "\(hint)")
        #expect(hint.contains("--docker-image IMAGE or GANTRY_DOCKER_IMAGE"))
    }
}
