# syntax=docker/dockerfile:1
# whitecoat in a container: one static (musl) binary on an empty image, run as a non-root user.
#
#   docker build -t whitecoat .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" whitecoat check
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" whitecoat build
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" -p 1111:1111 whitecoat serve --bind 0.0.0.0
#
# The image holds the binary and nothing else: no shell, no package manager, no libc.

FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev gcc
WORKDIR /src
# Only what the packaged crate holds (see Cargo.toml's `include`), so edits to tests or the
# example site do not rebuild the image.
COPY Cargo.toml Cargo.lock build.rs README.md ./
COPY src src
COPY themes themes
COPY data data
# A distribution binary: no debug info, symbols stripped.
ENV CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_STRIP=symbols
RUN cargo build --locked --release \
 && install -D -m 755 target/release/whitecoat /out/whitecoat \
 && /out/whitecoat --version \
 && mkdir -p /out/site

FROM scratch
COPY --from=build /out/whitecoat /whitecoat
# The site is mounted here; the default user owns it in case nothing is mounted.
COPY --from=build --chown=65532:65532 /out/site /site
USER 65532:65532
WORKDIR /site
EXPOSE 1111
ENTRYPOINT ["/whitecoat"]
CMD ["build"]
