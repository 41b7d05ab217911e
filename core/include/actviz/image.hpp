// Image pipeline (placeholder).
#pragma once
