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
