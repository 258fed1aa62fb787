{{/*
An Ingress in front of one component's Service. Call with
(dict "context" $ "component" "flask-app" "ingress" .Values.flaskApp.ingress "servicePort" "http").
*/}}
{{- define "otel-demo.ingress" -}}
{{- $ := .context }}
{{- $serviceName := include "otel-demo.componentName" (dict "context" $ "component" .component) }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $serviceName }}
  labels:
    {{- include "otel-demo.labels" (dict "context" $ "component" .component) | nindent 4 }}
  {{- with .ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .ingress.tlsSecretName }}
  tls:
    - secretName: {{ .ingress.tlsSecretName }}
      {{- with .ingress.host }}
      hosts:
        - {{ . | quote }}
      {{- end }}
  {{- end }}
  rules:
    - {{- with .ingress.host }}
      host: {{ . | quote }}
      {{- end }}
      http:
        paths:
          - path: {{ .ingress.path }}
            pathType: Prefix
            backend:
              service:
                name: {{ $serviceName }}
                port:
                  name: {{ .servicePort }}
{{- end }}
