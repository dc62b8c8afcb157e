{{/* The chart's name, or nameOverride. */}}
{{- define "text-enrichment.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's resource name: fullnameOverride, else the release name when it already contains the
chart's name, else both. 63 characters at most, as DNS names allow.
*/}}
{{- define "text-enrichment.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The headless Service that gives each pod a stable DNS name. */}}
{{- define "text-enrichment.headlessName" -}}
{{- printf "%s-headless" (include "text-enrichment.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "text-enrichment.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "text-enrichment.selectorLabels" -}}
app.kubernetes.io/name: {{ include "text-enrichment.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "text-enrichment.labels" -}}
helm.sh/chart: {{ include "text-enrichment.chart" . }}
{{ include "text-enrichment.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The CUDA image when a GPU is requested, the CPU image otherwise. */}}
{{- define "text-enrichment.image" -}}
{{- $image := ternary .Values.gpu.image .Values.image .Values.gpu.enabled }}
{{- printf "%s:%s" $image.repository (toString $image.tag) }}
{{- end }}
