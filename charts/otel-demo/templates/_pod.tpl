{{/*
Pod-level security context shared by every pod of this chart.
*/}}
{{- define "otel-demo.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{/*
Container-level security context shared by every container of this chart.
*/}}
{{- define "otel-demo.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end }}

{{/*
Pod spec fields shared by every pod of this chart.
*/}}
{{- define "otel-demo.podDefaults" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- /* None of our programs talks to the Kubernetes API. */}}
automountServiceAccountToken: false
securityContext:
  {{- include "otel-demo.podSecurityContext" . | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
