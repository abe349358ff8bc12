# syntax=docker/dockerfile:1
# rift serve as a container, configured by environment alone (README "Branch per pull request"):
#   docker build -t rift .
#   docker run -p 6432:6432 -e RIFT_UPSTREAM=postgres://app:secret@db:5432/app rift
# Variables: RIFT_UPSTREAM (required), RIFT_LISTEN (default here 0.0.0.0:6432), RIFT_AUTO_CREATE (a pattern such as
# pr-[0-9]+: branches created when a client connects), RIFT_HTTP (control API, default here 127.0.0.1:6480, which
# the health check uses; set 0.0.0.0:6480 with RIFT_HTTP_TOKEN to reach it from outside), RIFT_HTTP_TOKEN,
# RIFT_DRAIN_TIMEOUT (30s), RIFT_LOG_LEVEL (INFO), JAVA_TOOL_OPTIONS for the JVM.
# TLS toward clients (README "Serving"): RIFT_TLS_CERT and RIFT_TLS_KEY, paths of PEM files mounted into the container
# (the key unencrypted PKCS#8, readable by the user rift), and RIFT_CLIENT_TLS=require to refuse plain-text clients:
#   docker run -p 6432:6432 -v /etc/rift/tls:/tls:ro -e RIFT_TLS_CERT=/tls/server.crt -e RIFT_TLS_KEY=/tls/server.key \
#     -e RIFT_CLIENT_TLS=require -e RIFT_UPSTREAM=... rift

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds on the same machine.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl cmd -am package -DskipTests \
    && cp cmd/target/rift.jar /rift.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system rift && useradd --system --gid rift --no-create-home --home-dir /nonexistent rift
COPY --from=build /rift.jar /opt/rift/rift.jar
COPY docker/healthcheck /opt/rift/healthcheck
ENV RIFT_LISTEN=0.0.0.0:6432 \
    RIFT_HTTP=127.0.0.1:6480
USER rift
EXPOSE 6432 6480
# GET /healthz on the control API: 200 while the upstream answers (docs/http.md).
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 CMD ["/opt/rift/healthcheck"]
# Exec form: java is PID 1 and gets docker stop's SIGTERM itself, which rift serve answers with a drain and exit 0.
ENTRYPOINT ["java", "-jar", "/opt/rift/rift.jar"]
CMD ["serve"]
