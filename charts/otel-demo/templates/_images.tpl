{{/*
Image reference of one of our programs. Call with (dict "context" $ "image" .Values.flaskApp.image).
*/}}
{{- define "otel-demo.image" -}}
{{- $registry := .context.Values.image.registry | trimSuffix "/" }}
{{- $tag := .image.tag | default .context.Values.image.tag | default .context.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .image.repository $tag }}
{{- end }}
{{- end }}
