{{/*
The URL the load generator drives: the app's Service.
*/}}
{{- define "otel-demo.targetHost" -}}
{{- $service := include "otel-demo.componentName" (dict "context" . "component" "flask-app") }}
{{- if eq (int .Values.flaskApp.service.port) 80 }}
{{- printf "http://%s" $service }}
{{- else }}
{{- printf "http://%s:%d" $service (int .Values.flaskApp.service.port) }}
{{- end }}
{{- end }}

{{/*
The Secret that holds the loader's basic-auth credentials ("user:pass").
*/}}
{{- define "otel-demo.loaderWebAuthSecretName" -}}
{{- .Values.loader.webAuth.existingSecret | default (include "otel-demo.componentName" (dict "context" . "component" "loader-web-auth")) }}
{{- end }}

{{/*
The worker probes' command (JSON list): succeeds when the pod holds an established TCP
connection to the master's port 5557 (hex 15B5, state 01 in /proc/net/tcp and tcp6). The
image's base (eclipse-temurin) has sh and grep.
*/}}
{{- define "otel-demo.loaderWorkerConnected" -}}
["sh", "-c", "grep -sqE '^ *[0-9]+: [0-9A-F]+:[0-9A-F]{4} [0-9A-F]+:15B5 01 ' /proc/net/tcp /proc/net/tcp6"]
{{- end }}

{{/*
What the master's checksum/web-auth annotation hashes: the chart-made Secret's credentials, or
the existingSecret's name (a changed existing Secret's content needs a restart:
kubectl rollout restart deployment <release>-loader-master).
*/}}
{{- define "otel-demo.loaderWebAuthChecksum" -}}
{{- if .Values.loader.webAuth.existingSecret }}
{{- .Values.loader.webAuth.existingSecret | sha256sum }}
{{- else }}
{{- printf "%s:%s" .Values.loader.webAuth.username .Values.loader.webAuth.password | sha256sum }}
{{- end }}
{{- end }}
