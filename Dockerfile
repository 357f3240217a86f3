# The portal's image: gunicorn for the web, the same image for the Celery
# workers and beat (see docker-compose.yml).
# ECL and htmx from the npm registry, checked against assets.sha512 (the
# same script as `make assets`); only the extracted files reach the image.
FROM node:20-slim AS assets
WORKDIR /src
COPY assets.sha512 ./
COPY scripts/fetch_assets.sh scripts/
RUN scripts/fetch_assets.sh

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them: the releases
# of requirements.lock, checked against their hashes. The code runs from /app.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# msgfmt, to compile the translation catalogues (.mo files are not in git).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 s3p
COPY --chown=s3p:s3p . .
# The uploads' folder, owned by the portal's user (a volume mounts over it).
RUN mkdir -p media && chown s3p:s3p media
COPY --from=assets --chown=s3p:s3p /src/assets/vendor assets/vendor
USER s3p
RUN python manage.py compilemessages

# Static files are collected (hashed and compressed by whitenoise) into the
# image. The production settings insist on a SECRET_KEY and ALLOWED_HOSTS;
# these build-time values exist only for this step and are not kept in the
# image's environment.
RUN DJANGO_ENV=production \
    SECRET_KEY=build-time-only-collectstatic-key-not-used-at-run-time \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "s3p_portal.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
