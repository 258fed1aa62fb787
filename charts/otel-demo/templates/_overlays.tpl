{{/*
Values the collector overlays in otel-collector-values/ read from `global`. The collectors'
configuration goes through `tpl` inside the subchart, where these helpers are visible; they
keep the overlays' template expressions short, because the subchart's toYaml folds long
lines, which would split an expression in two.
*/}}
{{- define "otel-demo.googleCloudProject" -}}
{{- required "global.googleCloud.project is required by the google-cloud overlay: the project to export to" ((.Values.global).googleCloud).project }}
{{- end }}

{{- define "otel-demo.googleCloudServiceAccount" -}}
{{- ((.Values.global).googleCloud).workloadIdentityServiceAccount | default (printf "otel-collector@%s.iam.gserviceaccount.com" (include "otel-demo.googleCloudProject" .)) }}
{{- end }}

{{- define "otel-demo.otlpBackendEndpoint" -}}
{{- required "global.otlpBackend.endpoint is required by the otlp-backend overlay: the backend host:port" ((.Values.global).otlpBackend).endpoint }}
{{- end }}
