{{/*
Values the collector overlays in otel-collector-values/ read from `global`. The collectors'
configuration goes through `tpl` inside the subchart, where these helpers are visible; they
keep the overlays' template expressions short, because the subchart's toYaml folds long
lines, which would split an expression in two.
*/}}

{{- /*
The project; the error names the overlay in use, told apart by the exporter only the legacy
one configures, because both read the same global.googleCloud values.
*/}}
{{- define "otel-demo.googleCloudProject" -}}
{{- $overlay := ternary "google-cloud-legacy" "google-cloud" (hasKey (((.Values.alternateConfig).exporters) | default dict) "googlecloud") }}
{{- required (printf "global.googleCloud.project is required by the %s overlay: the project to export to" $overlay) ((.Values.global).googleCloud).project }}
{{- end }}

{{- /*
The OTTL statement that files every resource under the project (the Telemetry API's
gcp.project_id); a helper because the statement around the project is longer than a line.
*/}}
{{- define "otel-demo.googleCloudProjectStatement" -}}
set(resource.attributes["gcp.project_id"], {{ include "otel-demo.googleCloudProject" . | quote }})
{{- end }}

{{- define "otel-demo.googleCloudServiceAccount" -}}
{{- ((.Values.global).googleCloud).workloadIdentityServiceAccount | default (printf "otel-collector@%s.iam.gserviceaccount.com" (include "otel-demo.googleCloudProject" .)) }}
{{- end }}

{{- define "otel-demo.otlpBackendEndpoint" -}}
{{- required "global.otlpBackend.endpoint is required by the otlp-backend overlay: the backend host:port" ((.Values.global).otlpBackend).endpoint }}
{{- end }}

{{/*
The gateway's Service, for the agent's exporter: called through `tpl` in the agent's context,
where only the release name is shared with the gateway. Same rule as the collector chart's
fullname (otel-demo.validateCollectorNames refuses a gateway name override).
*/}}
{{- define "otel-demo.gatewayService" -}}
{{- if contains "otel-gateway" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-otel-gateway" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
