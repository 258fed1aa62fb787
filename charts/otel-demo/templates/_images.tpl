{{/*
A tag as text. `--set image.tag=20240101` (Skaffold's all-digit commit tags, a date) reaches the
templates as a number; a values file's 20240101 as a float, which would print as 2.0240101e+07.
*/}}
{{- define "otel-demo.tagText" -}}
{{- if kindIs "float64" . }}
{{- printf "%.0f" . }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}

{{/*
Image reference of one of our programs. Call with (dict "context" $ "image" .Values.flaskApp.image).
*/}}
{{- define "otel-demo.image" -}}
{{- $registry := .context.Values.image.registry | trimSuffix "/" }}
{{- $tag := include "otel-demo.tagText" (.image.tag | default .context.Values.image.tag | default .context.Chart.AppVersion) }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Image reference of a third-party image (statsd-exporter, the test's curl). Call with its
values, e.g. .Values.tests.image.
*/}}
{{- define "otel-demo.thirdPartyImage" -}}
{{- printf "%s:%s" .repository (include "otel-demo.tagText" .tag) }}
{{- end }}
